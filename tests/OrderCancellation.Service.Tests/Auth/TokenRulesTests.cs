using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.Tokens;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 18 point 3, through HTTP in the standalone host: a token signed with the right key is still refused (401, no
/// state change) unless it carries exactly one known role and one non-blank sub, is signed HS256, and lives no longer
/// than <c>Auth:MaxTokenLifetime</c> (1 day by default). An accepted buyer asking for a missing order gets 404; a
/// marketplace placing an order gets 201: either tells that the token passed.
/// </summary>
public sealed class TokenRulesTests(LongSigningKeyHost fixture) : IClassFixture<LongSigningKeyHost>
{
    private static string Signed(IDictionary<string, object> claims, string algorithm = SecurityAlgorithms.HmacSha256) =>
        HandMadeTokens.Sign(claims, LongSigningKeyHost.SigningKey, algorithm);

    [Fact]
    public async Task A_token_with_one_known_role_and_a_sub_is_accepted()
    {
        var answer = await ReadMissingOrderAsync(Signed(HandMadeTokens.Claims()));

        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
    }

    [Fact]
    public async Task A_token_with_two_roles_is_refused()
    {
        var claims = HandMadeTokens.Claims(role: null);
        claims["role"] = new[] { "seller", "marketplace" };

        await AssertRefusedAsync(Signed(claims));
        await AssertPlacingAnOrderIsRefusedAsync(Signed(claims));
    }

    [Fact]
    public async Task A_token_with_the_same_role_twice_is_refused()
    {
        var claims = HandMadeTokens.Claims(role: null);
        claims["role"] = new[] { "buyer", "buyer" };

        await AssertRefusedAsync(Signed(claims));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Buyer")]
    [InlineData("")]
    public async Task A_token_with_an_unknown_role_is_refused(string role) =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(role: role)));

    [Fact]
    public async Task A_token_without_a_role_is_refused() =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(role: null)));

    [Fact]
    public async Task A_token_without_sub_is_refused_not_a_500() =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(sub: null)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_token_with_a_blank_sub_is_refused(string sub) =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(sub: sub)));

    [Fact]
    public async Task A_token_with_two_subs_is_refused()
    {
        var claims = HandMadeTokens.Claims(sub: null);
        claims["sub"] = new[] { "B1", "B2" };

        await AssertRefusedAsync(Signed(claims));
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task A_token_signed_with_another_algorithm_is_refused(string algorithm) =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(), algorithm));

    [Fact]
    public async Task An_unsigned_token_is_refused() =>
        await AssertRefusedAsync(HandMadeTokens.Unsigned(HandMadeTokens.Claims(role: "marketplace")));

    [Fact]
    public async Task A_token_living_longer_than_the_maximum_is_refused() =>
        await AssertRefusedAsync(Signed(HandMadeTokens.Claims(lifetime: TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1))));

    [Fact]
    public async Task A_token_living_exactly_the_maximum_is_accepted()
    {
        var answer = await ReadMissingOrderAsync(Signed(HandMadeTokens.Claims(lifetime: TimeSpan.FromDays(1))));

        Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
    }

    [Fact]
    public async Task A_token_issued_long_ago_that_expires_soon_is_refused()
    {
        // Still within exp, but issued 30 days before it: a long-lived token that happens to be near its end.
        var now = DateTimeOffset.UtcNow;
        var claims = HandMadeTokens.Claims(now: now);
        claims["iat"] = now.AddDays(-30).ToUnixTimeSeconds();

        await AssertRefusedAsync(Signed(claims));
    }

    [Fact]
    public async Task A_token_without_iat_measures_its_lifetime_from_nbf()
    {
        var now = DateTimeOffset.UtcNow;
        var claims = HandMadeTokens.Claims(now: now);
        claims.Remove("iat");
        claims["nbf"] = now.AddDays(-2).ToUnixTimeSeconds();

        await AssertRefusedAsync(Signed(claims));
    }

    [Fact]
    public async Task A_token_without_iat_or_nbf_is_refused()
    {
        var claims = HandMadeTokens.Claims();
        claims.Remove("iat");
        claims.Remove("nbf");

        await AssertRefusedAsync(Signed(claims));
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        var claims = HandMadeTokens.Claims();
        claims.Remove("exp");

        await AssertRefusedAsync(Signed(claims));
    }

    private async Task<ApiAnswer> ReadMissingOrderAsync(string token)
    {
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetApiAsync($"/api/orders/{OrderApi.NewId()}");
    }

    private async Task AssertRefusedAsync(string token)
    {
        var answer = await ReadMissingOrderAsync(token);

        Assert.True(answer.Status == HttpStatusCode.Unauthorized, answer.ToString());
        Assert.Equal("unauthenticated", answer.Code);
        Assert.Contains("invalid_token", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A refused marketplace-ish token places nothing: the order stays missing for a real marketplace.</summary>
    private async Task AssertPlacingAnOrderIsRefusedAsync(string token)
    {
        var id = OrderApi.NewId();
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var placed = await client.PostApiAsync("/api/orders", OrderApi.Order(orderId: id));

        Assert.True(placed.Status == HttpStatusCode.Unauthorized, placed.ToString());
        using var marketplace = fixture.Host.CreateClient();
        marketplace.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Signed(HandMadeTokens.Claims(role: "marketplace", sub: OrderApi.Marketplace)));
        var read = await marketplace.GetApiAsync($"/api/orders/{id}");
        Assert.True(read.Status == HttpStatusCode.NotFound, read.ToString());
    }
}

/// <summary>
/// The standalone host with a signing key long enough for HS384 and HS512 (64 bytes), so that a token signed with
/// those is refused for its algorithm, not for a key too short to compute it. Not a <see cref="HostFixture"/>: its
/// warm-up signs with <see cref="ServiceHost.SigningKey"/>.
/// </summary>
public sealed class LongSigningKeyHost : IAsyncLifetime
{
    public const string SigningKey = "long-test-signing-key-0123456789abcdef0123456789abcdef0123456789";

    private ServiceHost? _host;

    public ServiceHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() =>
        _host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?>(HostFixture.QuietActivities()) { ["Auth:SigningKey"] = SigningKey });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
