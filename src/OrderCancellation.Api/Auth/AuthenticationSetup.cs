using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OrderCancellation.Api.Auth;

public static class AuthenticationSetup
{
    /// <summary>JWT bearer authentication (§5) and one authorization policy per role set.</summary>
    public static IServiceCollection AddOrderCancellationAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        // Configured from the bound options when first needed, not from the configuration as it is while
        // services are registered: hosts (and WebApplicationFactory) may add configuration sources later.
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var options = auth.Value;

            // Keep "sub" and "role" as they are in the token instead of mapping them to WS-* claim URIs.
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                NameClaimType = Roles.SubjectClaimType,
                RoleClaimType = Roles.ClaimType,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (!string.IsNullOrEmpty(options.Authority))
            {
                jwt.Authority = options.Authority;
            }
            else if (!string.IsNullOrEmpty(options.SigningKey))
            {
                jwt.TokenValidationParameters.IssuerSigningKey = DevTokenIssuer.KeyFrom(options.SigningKey);
            }
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyRole, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Marketplace, p => p.RequireRole(Roles.Marketplace))
            .AddPolicy(Policies.Seller, p => p.RequireRole(Roles.Seller))
            .AddPolicy(Policies.SellerOrMarketplace, p => p.RequireRole(Roles.Seller, Roles.Marketplace))
            .AddPolicy(Policies.MarketplaceOrSupport, p => p.RequireRole(Roles.Marketplace, Roles.Support));
        return services;
    }
}

/// <summary>Authorization policy names; each endpoint names the roles that may call it.</summary>
public static class Policies
{
    public const string AnyRole = nameof(AnyRole);
    public const string Marketplace = nameof(Marketplace);
    public const string Seller = nameof(Seller);
    public const string SellerOrMarketplace = nameof(SellerOrMarketplace);
    public const string MarketplaceOrSupport = nameof(MarketplaceOrSupport);
}
