using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Auth;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages;

/// <summary>The pages' one registration (standalone host only; the Functions host serves the API alone).</summary>
public static class PagesSetup
{
    /// <summary>
    /// The endpoint group name of every page endpoint: tells them from the API's (DESIGN §5) in endpoint tables (the
    /// Functions host has the API's only), and keeps them out of the OpenAPI document.
    /// </summary>
    public const string EndpointGroup = "pages";

    /// <summary>Razor Pages with a policy per folder, the <c>Pages</c> cookie, and OpenID Connect for it outside development.</summary>
    public static IServiceCollection AddOrderCancellationPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSellerPages();
        services.AddOptions<PagesOptions>().Bind(configuration.GetSection(PagesOptions.SectionName)).ValidateOnStart();

        services.AddScoped<Orders.PageOrders>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", PagesAuth.AnyRole);
            o.Conventions.AuthorizeFolder("/Orders", PagesAuth.Buyer);
            o.Conventions.AuthorizeFolder("/Seller", PagesAuth.Seller);
            o.Conventions.AuthorizeFolder("/Ops", PagesAuth.MarketplaceOrSupport);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });

        var authentication = services.AddAuthentication().AddCookie(PagesAuth.Scheme);

        // Only with an authority: a remote scheme validates its options on every request, and has nothing to talk to without one.
        // Read while registering (like Auth:SigningKey in Program): the hosts set it in their settings, not later.
        var openId = !string.IsNullOrEmpty(configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Authority)}"]);
        if (openId)
        {
            authentication.AddOpenIdConnect(PagesAuth.OpenIdScheme, _ => { });
        }

        // Configured from the bound options when first used, like the JWT scheme: hosts may add configuration sources later.
        services.AddOptions<CookieAuthenticationOptions>(PagesAuth.Scheme).Configure<IOptions<PagesOptions>, IHostEnvironment>((cookie, pages, environment) =>
        {
            cookie.Cookie.Name = PagesAuth.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = PagesAuth.SignInPath;
            cookie.LogoutPath = PagesAuth.SignOutPath;
            cookie.AccessDeniedPath = "/denied";
            cookie.ExpireTimeSpan = pages.Value.SignInLifetime;
            cookie.SlidingExpiration = true;
            if (!DevelopmentSignIn(pages.Value, environment) && openId)
            {
                cookie.ForwardChallenge = PagesAuth.OpenIdScheme;
            }
        });

        services.AddOptions<OpenIdConnectOptions>(PagesAuth.OpenIdScheme).Configure<IOptions<PagesOptions>, IOptions<AuthOptions>>((oidc, pages, auth) =>
        {
            oidc.SignInScheme = PagesAuth.Scheme;
            oidc.Authority = auth.Value.Authority;
            oidc.ClientId = pages.Value.ClientId;
            oidc.ClientSecret = pages.Value.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.CallbackPath = "/signin-oidc";
            oidc.GetClaimsFromUserInfoEndpoint = true;

            // The same "sub" and "role" claims as the API's tokens, so User.ToActor() reads a page's caller too.
            oidc.MapInboundClaims = false;
            oidc.TokenValidationParameters.NameClaimType = Roles.SubjectClaimType;
            oidc.TokenValidationParameters.RoleClaimType = Roles.ClaimType;
            oidc.ClaimActions.MapUniqueJsonKey(Roles.ClaimType, Roles.ClaimType);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(PagesAuth.AnyRole, p => p.AddAuthenticationSchemes(PagesAuth.Scheme).RequireRole(Roles.All))
            .AddPolicy(PagesAuth.Buyer, p => p.AddAuthenticationSchemes(PagesAuth.Scheme).RequireRole(Roles.Buyer))
            .AddPolicy(PagesAuth.Seller, p => p.AddAuthenticationSchemes(PagesAuth.Scheme).RequireRole(Roles.Seller))
            .AddPolicy(PagesAuth.MarketplaceOrSupport, p => p.AddAuthenticationSchemes(PagesAuth.Scheme).RequireRole(Roles.Marketplace, Roles.Support));
        return services;
    }

    /// <summary>The pages and their stylesheet (<c>/assets/…</c>, anonymous: the sign-in page uses it).</summary>
    public static IEndpointRouteBuilder MapOrderCancellationPages(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages().WithGroupName(EndpointGroup);
        app.MapGet("/assets/{name}", PageAssets.Get).AllowAnonymous().ExcludeFromDescription().WithGroupName(EndpointGroup);
        return app;
    }

    /// <summary>Whether the development sign-in is on: <see cref="PagesOptions.DevelopmentSignIn"/>, or the Development environment.</summary>
    public static bool DevelopmentSignIn(PagesOptions pages, IHostEnvironment environment) =>
        pages.DevelopmentSignIn ?? environment.IsDevelopment();

    /// <summary>Signs a caller into the pages with the claims the API's tokens carry.</summary>
    public static Task SignInAsync(HttpContext http, string role, string subject)
    {
        var identity = new System.Security.Claims.ClaimsIdentity(
            [new(Roles.SubjectClaimType, subject), new(Roles.ClaimType, role)], PagesAuth.Scheme, Roles.SubjectClaimType, Roles.ClaimType);
        return http.SignInAsync(PagesAuth.Scheme, new System.Security.Claims.ClaimsPrincipal(identity));
    }
}
