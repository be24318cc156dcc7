using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// What a signed, unexpired token must also say before its caller is anyone (§5): exactly one <c>role</c> among
/// <see cref="Roles.All"/> (two roles would pass some policies and fail others), exactly one non-blank <c>sub</c> (the
/// caller's id), and a lifetime within <see cref="AuthOptions.MaxTokenLifetime"/>. Run from
/// <see cref="JwtBearerEvents.OnTokenValidated"/>, so both hosts refuse such a token with 401 before any policy sees it.
/// </summary>
internal static class TokenRules
{
    /// <summary>Why the token is refused, or null when it may be used.</summary>
    internal static string? Violation(ClaimsPrincipal principal, JsonWebToken? token, TimeSpan maxLifetime)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var roles = principal.FindAll(Roles.ClaimType).ToList();
        if (roles.Count != 1 || !Roles.IsKnown(roles[0].Value))
        {
            return $"the token must carry exactly one role claim, one of {string.Join('|', Roles.All)}";
        }

        var subjects = principal.FindAll(Roles.SubjectClaimType).ToList();
        if (subjects.Count != 1 || string.IsNullOrWhiteSpace(subjects[0].Value))
        {
            return "the token must carry exactly one non-empty sub claim";
        }

        return token is null ? "the token is not a JWT" : LifetimeViolation(token, maxLifetime);
    }

    /// <summary>
    /// The lifetime runs from the earliest of <c>iat</c> and <c>nbf</c> to <c>exp</c>; a token with neither cannot show
    /// how long it lives and is refused (<c>exp</c> itself is required by the validation parameters).
    /// </summary>
    private static string? LifetimeViolation(JsonWebToken token, TimeSpan maxLifetime)
    {
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var expires))
        {
            return "the token must carry exp";
        }

        long? start = null;
        foreach (var claim in new[] { JwtRegisteredClaimNames.Iat, JwtRegisteredClaimNames.Nbf })
        {
            if (token.TryGetPayloadValue<long>(claim, out var seconds))
            {
                start = start is { } earlier ? Math.Min(earlier, seconds) : seconds;
            }
        }

        if (start is not { } issued)
        {
            return "the token must carry iat or nbf";
        }

        return TimeSpan.FromSeconds(expires - issued) > maxLifetime
            ? $"the token lives longer than Auth:MaxTokenLifetime ({maxLifetime})"
            : null;
    }

    /// <summary>The <see cref="JwtBearerEvents.OnTokenValidated"/> handler: a violation fails authentication (401).</summary>
    internal static Task OnTokenValidated(TokenValidatedContext context, TimeSpan maxLifetime, ILogger logger)
    {
        if (context.Principal is { } principal && Violation(principal, context.SecurityToken as JsonWebToken, maxLifetime) is { } violation)
        {
            AuthLog.TokenRefused(logger, violation);
            context.Fail($"Token refused: {violation}.");
        }

        return Task.CompletedTask;
    }
}
