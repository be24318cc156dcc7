using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OrderCancellation.Api.Auth;

public static class AuthenticationSetup
{
    /// <summary>The algorithms a token signed with <see cref="AuthOptions.SigningKey"/> may use (the key is symmetric).</summary>
    internal static readonly IReadOnlyList<string> SigningKeyAlgorithms = [SecurityAlgorithms.HmacSha256];

    /// <summary>The algorithms a token from <see cref="AuthOptions.Authority"/> may use (its keys are asymmetric).</summary>
    internal static readonly IReadOnlyList<string> AuthorityAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>JWT bearer authentication (§5) and one authorization policy per role set.</summary>
    public static IServiceCollection AddOrderCancellationAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());

        // Configured from the bound options when first needed, not from the configuration as it is while
        // services are registered: hosts (and WebApplicationFactory) may add configuration sources later.
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, ILoggerFactory>((jwt, auth, loggers) =>
        {
            var options = auth.Value;
            var logger = loggers.CreateLogger(typeof(TokenRules));

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
                RequireExpirationTime = true,
                RequireSignedTokens = true,
            };
            if (!string.IsNullOrEmpty(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.TokenValidationParameters.ValidAlgorithms = AuthorityAlgorithms;
            }
            else if (!string.IsNullOrEmpty(options.SigningKey))
            {
                jwt.TokenValidationParameters.IssuerSigningKey = DevTokenIssuer.KeyFrom(options.SigningKey);
                jwt.TokenValidationParameters.ValidAlgorithms = SigningKeyAlgorithms;
            }

            // Both hosts authenticate through this scheme (the Functions worker's middleware too), so both inherit the rules.
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnTokenValidated = context => TokenRules.OnTokenValidated(context, options.MaxTokenLifetime, logger);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AnyRole, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Marketplace, p => p.RequireRole(Roles.Marketplace))
            .AddPolicy(Policies.Seller, p => p.RequireRole(Roles.Seller))
            .AddPolicy(Policies.SellerOrMarketplace, p => p.RequireRole(Roles.Seller, Roles.Marketplace))
            .AddPolicy(Policies.BuyerSellerOrMarketplace, p => p.RequireRole(Roles.Buyer, Roles.Seller, Roles.Marketplace))
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
    public const string BuyerSellerOrMarketplace = nameof(BuyerSellerOrMarketplace);
    public const string MarketplaceOrSupport = nameof(MarketplaceOrSupport);
}
