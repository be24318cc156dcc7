using System.Net;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// Durable timers with windows of seconds (§4.5), through the real pollers: the buyer's window closes,
/// unshipped orders are auto-cancelled (and counted), attempts and pending payments time out.
/// Timers never fire early; how late they fire is measured by the bench (<c>timer-lateness</c>), not here:
/// a unit test's clock on a shared CI machine is no place for a latency target. The bound below only
/// proves the pollers keep running (a stalled poller would miss it by far).
/// </summary>
public abstract class TimerTests(HostFixture fixture)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan StallBound = TimeSpan.FromSeconds(5);

    private ServiceHost Host => fixture.Host;

    public static Dictionary<string, string?> ShortTimers()
    {
        var settings = HostFixture.QuietActivities();
        settings["Cancellation:BuyerSelfCancelWindow"] = "00:00:02";
        settings["Cancellation:AutoCancelAfterLatestShipDate"] = "00:00:02";
        settings["Cancellation:AutoCancelWarningBefore"] = "00:00:01";
        settings["Cancellation:CancellationAttemptTimeout"] = "00:00:02";
        settings["Cancellation:Marketplaces:PP1:PendingPaymentTimeout"] = "00:00:02";
        settings["Cancellation:Marketplaces:JP1:BuyerSelfCancelWindow"] = "01:00:00";
        return settings;
    }

    [Fact]
    public async Task After_the_window_closes_a_buyer_cancel_becomes_a_request()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");
        var before = await buyer.GetApiAsync($"/api/orders/{id}");
        Assert.Contains("Cancel", Actions(before.Json));
        var windowEnd = before.Json.GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset();

        var closed = await WaitForEventAsync(id, "BuyerCancelWindowClosed");
        var after = await buyer.GetApiAsync($"/api/orders/{id}");
        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.InRange(closed.GetProperty("at").GetDateTimeOffset() - windowEnd, TimeSpan.Zero, StallBound);
        Assert.Contains("RequestCancellation", Actions(after.Json));
        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("CancellationRequested", answer.Outcome);
    }

    [Fact]
    public async Task An_unshipped_order_is_auto_cancelled_once_warned_first_and_it_counts_against_the_seller()
    {
        var seller = $"S-{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now, latestShipDate: now));
        var shipped = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now, latestShipDate: now.AddDays(1)));
        var autoCancelAt = (await Host.OrderAsync(id)).GetProperty("autoCancelAt").GetDateTimeOffset();

        var canceled = await WaitForEventAsync(id, "LinesCanceled");
        await Task.Delay(300); // a second firing, if there were one, would land here

        Assert.InRange(canceled.GetProperty("at").GetDateTimeOffset() - autoCancelAt, TimeSpan.Zero, StallBound);
        Assert.Equal("AutoCanceledNotShipped", canceled.GetProperty("reason").GetString());
        Assert.Equal("Marketplace", canceled.GetProperty("actor").GetProperty("role").GetString());
        Assert.Equal(1, await Host.CountEventsAsync(id, "LinesCanceled"));
        Assert.Equal(1, await Host.CountEventsAsync(id, "AutoCancelWarned"));
        var order = await Host.OrderAsync(id);
        Assert.Equal("Canceled", order.GetProperty("orderStatus").GetString());
        Assert.True(order.GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean());
        Assert.Equal("Unshipped", (await Host.OrderAsync(shipped)).GetProperty("orderStatus").GetString());
        await Host.ProjectedAsync(id, shipped); // §6: the rate comes from the read model

        using var sellerClient = Host.As("seller", seller);
        var rate = await sellerClient.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate");
        Assert.Equal(HttpStatusCode.OK, rate.Status);
        Assert.Equal(2, rate.Json.GetProperty("orders").GetInt32());
        Assert.Equal(1, rate.Json.GetProperty("ordersWithSellerCancellation").GetInt32());
        Assert.Equal(0.5m, rate.Json.GetProperty("rate").GetDecimal());
        Assert.Equal("AtRisk", rate.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unanswered_attempt_fails_when_its_time_is_up()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        using var buyer = Host.As("buyer", "B1");
        await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" });
        Assert.Equal("AttemptingToCancel", (await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { })).Outcome);

        await WaitForEventAsync(id, "CancellationAttemptResolved");

        var order = await Host.OrderAsync(id);
        Assert.Equal("Failed", order.GetProperty("cancellationAttempt").GetProperty("status").GetString());
        Assert.NotEqual("Canceled", order.GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_payment_never_verified_cancels_the_order_without_counting()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(marketplaceId: "PP1"), verifyPayment: false);

        var canceled = await WaitForEventAsync(id, "LinesCanceled");

        Assert.Equal("PaymentNotVerified", canceled.GetProperty("reason").GetString());
        Assert.False(canceled.GetProperty("data").GetProperty("countsAgainstSeller").GetBoolean());
        Assert.Equal("Canceled", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_marketplace_override_sets_its_own_window()
    {
        var purchased = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(marketplaceId: "JP1", purchaseDate: purchased));

        var order = await Host.OrderAsync(id);

        Assert.Equal(purchased.AddHours(1), order.GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset());
    }

    private static string[] Actions(JsonElement order) => [.. order.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!)];

    /// <summary>Waits (a few seconds at most) for the first history event of a type and returns it.</summary>
    private async Task<JsonElement> WaitForEventAsync(string id, string eventType)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var events = await Host.HistoryAsync(id);
            foreach (var e in events.EnumerateArray())
            {
                if (e.GetProperty("eventType").GetString() == eventType)
                {
                    return e;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"{eventType} did not happen on {id}: {events}");
            await Task.Delay(100);
        }
    }
}

public sealed class ShortTimersSqliteHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => TimerTests.ShortTimers();
}

public sealed class ShortTimersPostgresHost : HostFixture
{
    public override StoreKind Store => StoreKind.Postgres;

    protected override IDictionary<string, string?> Settings => TimerTests.ShortTimers();
}

public sealed class TimerSqliteTests(ShortTimersSqliteHost fixture) : TimerTests(fixture), IClassFixture<ShortTimersSqliteHost>;

public sealed class TimerPostgresTests(ShortTimersPostgresHost fixture) : TimerTests(fixture), IClassFixture<ShortTimersPostgresHost>;
