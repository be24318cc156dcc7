namespace OrderCancellation.Pages;

/// <summary>The <c>Pages</c> section.</summary>
public sealed class PagesOptions
{
    public const string SectionName = "Pages";

    /// <summary>
    /// Whether <c>/signin</c> offers the development sign-in (pick a role, type an id, no password). Default: on in the
    /// Development environment only. Otherwise sign-in is OpenID Connect at <c>Auth:Authority</c>.
    /// </summary>
    public bool? DevelopmentSignIn { get; set; }

    /// <summary>The OpenID Connect client id registered at <c>Auth:Authority</c>. Default <c>order-cancellation-pages</c>.</summary>
    public string ClientId { get; set; } = "order-cancellation-pages";

    /// <summary>The client's secret, when the authority wants one (a Key Vault reference in Azure). Default: none (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How long a page sign-in lasts without use (sliding). Default 08:00:00.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(8);
}
