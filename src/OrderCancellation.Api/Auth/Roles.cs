namespace OrderCancellation.Api.Auth;

/// <summary>The values of the <c>role</c> claim, and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Buyer = "buyer";
    public const string Seller = "seller";
    public const string Marketplace = "marketplace";
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Buyer, Seller, Marketplace, Support];

    public const string ClaimType = "role";
    public const string SubjectClaimType = "sub";

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
