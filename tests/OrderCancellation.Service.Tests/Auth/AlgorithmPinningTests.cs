using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 18 point 3: the algorithms a token may be signed with are pinned, so a token cannot choose how it is checked:
/// HS256 with the shared signing key, RS256/ES256 with an OIDC Authority (whose keys are public: an HMAC "signed" with a
/// public key must never pass). The HTTP side of it is in <see cref="TokenRulesTests"/>.
/// </summary>
public sealed class AlgorithmPinningTests
{
    [Fact]
    public void A_signing_key_admits_HS256_only()
    {
        var jwt = BearerOptions(new() { ["Auth:SigningKey"] = ServiceHost.SigningKey });

        Assert.Equal(["HS256"], jwt.TokenValidationParameters.ValidAlgorithms);
    }

    [Fact]
    public void An_Authority_admits_RS256_and_ES256_only()
    {
        var jwt = BearerOptions(new() { ["Auth:Authority"] = "https://login.example/tenant/v2.0", ["Auth:Audience"] = "api://orders" });

        Assert.Equal(["RS256", "ES256"], jwt.TokenValidationParameters.ValidAlgorithms);
        Assert.Equal("https://login.example/tenant/v2.0", jwt.Authority);
        Assert.True(jwt.TokenValidationParameters.RequireSignedTokens);
        Assert.True(jwt.TokenValidationParameters.RequireExpirationTime);
    }

    private static JwtBearerOptions BearerOptions(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddOrderCancellationAuth(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }
}
