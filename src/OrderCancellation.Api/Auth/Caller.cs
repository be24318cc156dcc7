using System.Security.Claims;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// The authenticated caller as the domain's <see cref="Actor"/> (role claim + sub claim). <see cref="TokenRules"/> has
/// refused every token without exactly one known role and one sub, so a failure here is a bug, not bad input.
/// </summary>
public static class Caller
{
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(Roles.SubjectClaimType) ?? throw new InvalidOperationException("An authenticated caller has a sub claim.");
        return user.FindFirstValue(Roles.ClaimType) switch
        {
            Roles.Buyer => Actor.Buyer(id),
            Roles.Seller => Actor.Seller(id),
            Roles.Marketplace => Actor.Marketplace(id),
            Roles.Support => Actor.Support(id),
            var role => throw new InvalidOperationException($"Role '{role}' passed authorization but is unknown."),
        };
    }
}
