using System.Net;
using System.Text;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Functions.Tests.Orders;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>
/// Under the Functions host, a scaled-to-zero app keeps time through the DurableTick timer trigger.
/// Here the in-process pollers are off, so only the tick can fire the due timer of a real order.
/// </summary>
public sealed class DurableTickEffectTests
{
    private const string RealWorldTimerEnvelope = """
        {"Data":{"timer":"{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}"},"Metadata":{"sys":"{\"MethodName\":\"DurableTick\",\"UtcNow\":\"2026-11-22T01:00:00Z\"}"}}
        """;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_tick_fires_the_due_buyer_window_timer_that_no_poller_fired(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store, new Dictionary<string, string?>
        {
            ["Durable:PollersEnabled"] = "false",
            ["Cancellation:BuyerSelfCancelWindow"] = "00:00:01",
        });
        var orderId = await host.PlaceAsync(OrderApi.Order());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, await host.CountEventsAsync(orderId, "BuyerCancelWindowClosed"));

        using var client = host.CreateClient();
        using var response = await client.PostAsync(new Uri("/DurableTick", UriKind.Relative), new StringContent(RealWorldTimerEnvelope, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ReturnValue\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await host.CountEventsAsync(orderId, "BuyerCancelWindowClosed"));
    }
}
