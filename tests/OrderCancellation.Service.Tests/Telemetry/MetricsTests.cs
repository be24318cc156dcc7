using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>Issue 21: the gateway's counters move by the right amounts (this host's instruments only).</summary>
public sealed class MetricsTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_seller_cancel_counts_one_decided_command_and_one_cancellation_by_actor_and_reason()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var reader = new InstrumentReader(Host.Services.GetRequiredService<IMeterFactory>(), OrdersTelemetry.Name);
        using var seller = Host.As("seller", "S1");

        var canceled = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.True(canceled.Status == HttpStatusCode.OK, canceled.ToString());
        Assert.Equal(1, reader.Sum("ordercancellation.commands.decided", "ordercancellation.command=Cancel", "ordercancellation.outcome=Canceled"));
        Assert.Equal(1, reader.Sum("ordercancellation.cancellations", "ordercancellation.actor=Seller", "ordercancellation.reason=NoInventory"));
        Assert.Equal(0, reader.Sum("ordercancellation.commands.pending", "ordercancellation.command=Cancel"));
    }

    [Fact]
    public async Task A_refused_command_counts_as_decided_with_its_problem_code_and_no_cancellation()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" })).Status);
        using var reader = new InstrumentReader(Host.Services.GetRequiredService<IMeterFactory>(), OrdersTelemetry.Name);

        var again = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.True(again.Status >= HttpStatusCode.BadRequest, again.ToString());
        Assert.Equal(1, reader.Sum("ordercancellation.commands.decided", "ordercancellation.command=Cancel", $"ordercancellation.outcome={again.Code}"));
        Assert.Equal(0, reader.Sum("ordercancellation.cancellations", "ordercancellation.actor=Seller", "ordercancellation.reason=NoInventory"));
    }

    [Fact]
    public async Task A_repeated_key_replays_its_answer_and_counts_nothing_new()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" }, idempotencyKey: $"k-{id}")).Status);
        using var reader = new InstrumentReader(Host.Services.GetRequiredService<IMeterFactory>(), OrdersTelemetry.Name);

        var replayed = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" }, idempotencyKey: $"k-{id}");

        Assert.Equal(HttpStatusCode.OK, replayed.Status);
        Assert.Equal(0, reader.Sum("ordercancellation.commands.decided", "ordercancellation.command=Cancel", "ordercancellation.outcome=Canceled"));
        Assert.Equal(0, reader.Sum("ordercancellation.cancellations", "ordercancellation.actor=Seller", "ordercancellation.reason=NoInventory"));
    }
}
