using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Tokens with exactly the claims a test names (unlike <c>DevTokenIssuer</c>, which always writes one role and one sub),
/// signed with the given key and algorithm, or not signed at all.
/// </summary>
public static class HandMadeTokens
{
    /// <summary>Writes no iat/nbf/exp of its own: a test that leaves one out means it.</summary>
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static Dictionary<string, object> Claims(string? role = "buyer", string? sub = "B1", TimeSpan? lifetime = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "order-cancellation",
            ["aud"] = "order-cancellation",
            ["iat"] = at.ToUnixTimeSeconds(),
            ["nbf"] = at.ToUnixTimeSeconds(),
            ["exp"] = at.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        if (role is not null)
        {
            claims["role"] = role;
        }

        if (sub is not null)
        {
            claims["sub"] = sub;
        }

        return claims;
    }

    public static string Sign(IDictionary<string, object> claims, string signingKey, string algorithm = SecurityAlgorithms.HmacSha256) =>
        Handler.CreateToken(
            JsonSerializer.Serialize(claims),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), algorithm));

    /// <summary><c>alg: none</c>: header and payload, no signature.</summary>
    public static string Unsigned(IDictionary<string, object> claims) => Handler.CreateToken(JsonSerializer.Serialize(claims));
}
