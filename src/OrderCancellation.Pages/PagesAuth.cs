using OrderCancellation.Api.Auth;

namespace OrderCancellation.Pages;

/// <summary>
/// The pages' own authentication scheme (a cookie) and their authorization policies. The API keeps its JWT scheme as the
/// default, so its endpoints still answer 401 instead of redirecting; only the pages name this scheme.
/// </summary>
public static class PagesAuth
{
    public const string Scheme = "Pages";
    public const string CookieName = ".oc.pages";

    /// <summary>The OpenID Connect scheme that signs into <see cref="Scheme"/> outside development.</summary>
    public const string OpenIdScheme = "PagesOidc";

    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>Policy names; each page folder names the roles that may open it (PagesSetup).</summary>
    public const string AnyRole = "Pages" + nameof(AnyRole);
    public const string Buyer = "Pages" + nameof(Buyer);
    public const string Seller = "Pages" + nameof(Seller);
    public const string MarketplaceOrSupport = "Pages" + nameof(MarketplaceOrSupport);

    /// <summary>Where a signed-in role starts (the <c>/</c> page sends each role to its own list).</summary>
    public static string HomeOf(string? role) => role switch
    {
        Roles.Buyer => "/orders",
        Roles.Seller => "/seller/orders",
        Roles.Marketplace or Roles.Support => "/ops/orders",
        _ => SignInPath,
    };
}
