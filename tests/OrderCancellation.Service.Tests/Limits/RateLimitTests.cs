using System.Net;
using Microsoft.Extensions.Options;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Limits;

/// <summary>The standalone host with small limits: 1 request/s and a burst of 3 per caller, 50 for the Marketplace.</summary>
public sealed class RateLimitedHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:PermitsPerSecond"] = "1",
        ["RateLimits:Burst"] = "3",
        ["RateLimits:MarketplacePermitsPerSecond"] = "1",
        ["RateLimits:MarketplaceBurst"] = "50",
        ["RateLimits:AnonymousPermitsPerSecond"] = "1",
        ["RateLimits:AnonymousBurst"] = "3",
    };
}

public sealed class RateLimitTests(RateLimitedHost fixture) : IClassFixture<RateLimitedHost>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_Retry_After()
    {
        using var seller = Host.As("seller", "rl-seller-1");

        var (admitted, refused) = await UntilRefusedAsync(seller, "/api/feeds/no-such-feed");

        Assert.InRange(admitted, 3, 19); // the burst, and what refilled while the test ran
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("rate-limited", refused.Code);
        Assert.Equal(429, refused.Json.GetProperty("status").GetInt32());
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 2);
    }

    [Fact]
    public async Task One_callers_burst_does_not_limit_another_caller()
    {
        using var greedy = Host.As("seller", "rl-seller-2");
        await UntilRefusedAsync(greedy, "/api/feeds/no-such-feed");

        using var other = Host.As("seller", "rl-seller-3");
        using var sameIdOtherRole = Host.As("buyer", "rl-seller-2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetApiAsync("/api/feeds/no-such-feed")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sameIdOtherRole.GetApiAsync("/api/orders/no-such-order")).Status);
    }

    [Fact]
    public async Task The_marketplace_has_its_own_larger_burst()
    {
        using var marketplace = Host.As("marketplace", "rl-marketplace");

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await marketplace.GetApiAsync("/api/orders/no-such-order")).Status);
        }
    }

    [Fact]
    public async Task Requests_without_a_token_are_limited_per_remote_address_and_probes_never()
    {
        using var stranger = Host.CreateClient();

        var (_, refused) = await UntilRefusedAsync(stranger, "/api/orders/no-such-order");

        Assert.Equal("rate-limited", refused.Code);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await stranger.GetApiAsync("/health/live")).Status);
        }
    }

    [Fact]
    public async Task Rate_limits_below_one_stop_the_app_at_start()
    {
        var settings = HostFixture.QuietActivities();
        settings["RateLimits:Burst"] = "0";

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync(StoreKind.Sqlite, settings));

        var validation = Assert.IsType<OptionsValidationException>(failure.GetBaseException());
        Assert.Contains("RateLimits", validation.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends GETs until one is refused (at most 20: the bucket refills one a second); the count admitted and the refusal.</summary>
    private static async Task<(int Admitted, ApiAnswer Refused)> UntilRefusedAsync(HttpClient client, string path)
    {
        for (var admitted = 0; admitted < 20; admitted++)
        {
            var answer = await client.GetApiAsync(path);
            if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                return (admitted, answer);
            }
        }

        Assert.Fail($"20 requests to {path} in a row were all admitted.");
        return default;
    }
}
