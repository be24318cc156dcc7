using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrderCancellation.Api.Auth;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// Issue 18 point 3 in the Functions host: the worker middleware authenticates through the shared JWT scheme, so a
/// validly signed token is refused there too (401, the function not run) unless it carries exactly one known role and
/// one non-blank sub, is HS256, and lives no longer than <c>Auth:MaxTokenLifetime</c>. And the development key is
/// refused outside Development.
/// </summary>
public sealed class TokenRulesMiddlewareTests(LongSigningKeyApp fixture) : IClassFixture<LongSigningKeyApp>
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly HttpPipelineMiddleware middleware = new(NullLogger<HttpPipelineMiddleware>.Instance);

    [Fact]
    public async Task A_token_with_one_known_role_and_a_sub_reaches_the_function()
    {
        var (_, ran) = await InvokeAsync(Sign(Claims()));

        Assert.True(ran);
    }

    [Fact]
    public async Task A_token_with_two_roles_is_refused()
    {
        var claims = Claims();
        claims["role"] = new[] { "seller", "marketplace" };

        await AssertRefusedAsync(Sign(claims));
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_refused() => await AssertRefusedAsync(Sign(Claims(role: "admin")));

    [Fact]
    public async Task A_token_without_sub_is_refused_not_a_500()
    {
        var claims = Claims();
        claims.Remove("sub");

        await AssertRefusedAsync(Sign(claims));
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task A_token_signed_with_another_algorithm_is_refused(string algorithm) => await AssertRefusedAsync(Sign(Claims(), algorithm));

    [Fact]
    public async Task A_token_living_longer_than_the_maximum_is_refused() =>
        await AssertRefusedAsync(Sign(Claims(lifetime: TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1))));

    [Fact]
    public async Task The_development_key_is_refused_outside_Development()
    {
        await using var app = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey });
        var environment = app.Services.GetRequiredService<IHostEnvironment>();
        Assert.False(environment.IsDevelopment());

        var refused = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);

        Assert.Contains("Auth:SigningKey is the development key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_settings_carry_the_development_key_the_service_refuses()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        using var development = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "OrderCancellation.Service", "appsettings.Development.json")));

        Assert.Equal(AuthOptions.DevelopmentSigningKey, sample.RootElement.GetProperty("Values").GetProperty("Auth__SigningKey").GetString());
        Assert.Equal(AuthOptions.DevelopmentSigningKey, development.RootElement.GetProperty("Auth").GetProperty("SigningKey").GetString());
    }

    private static Dictionary<string, object> Claims(string role = "marketplace", TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = "order-cancellation",
            ["aud"] = "order-cancellation",
            ["sub"] = "M1",
            ["role"] = role,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
    }

    private static string Sign(Dictionary<string, object> claims, string algorithm = SecurityAlgorithms.HmacSha256) =>
        Handler.CreateToken(JsonSerializer.Serialize(claims), new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(LongSigningKeyApp.SigningKey)), algorithm));

    private async Task AssertRefusedAsync(string token)
    {
        var (answer, ran) = await InvokeAsync(token);

        Assert.False(ran);
        Assert.Equal(401, answer.Status);
        Assert.Equal("unauthenticated", answer.Json.GetProperty("code").GetString());
        Assert.Contains("invalid_token", answer.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private async Task<(Answer Answer, bool Ran)> InvokeAsync(string token)
    {
        var request = fixture.App.Request("GET", "/api/orders/T-1", headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        var context = FunctionContexts.For("GetOrder", request.HttpContext.RequestServices, request.HttpContext);
        var ran = false;
        await middleware.Invoke(context.Object, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        return (Answer.From(request.HttpContext), ran);
    }
}

/// <summary>The worker's services with a signing key long enough for HS384/HS512 (so those are refused for their algorithm).</summary>
public sealed class LongSigningKeyApp : IAsyncLifetime
{
    public const string SigningKey = "long-functions-signing-key-0123456789abcdef0123456789abcdef012345";

    private FunctionsTestApp? app;

    public FunctionsTestApp App => app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = SigningKey });

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
