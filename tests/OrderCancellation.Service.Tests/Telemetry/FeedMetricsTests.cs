using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Service.Tests.Feeds.Ingestion;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>Issue 21: a feed's records are counted by result and its processing is timed, once, when it ends.</summary>
public sealed class FeedMetricsTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task A_feed_counts_its_records_by_result_and_records_one_duration()
    {
        var host = fixture.Host;
        var sellerId = $"S-{Guid.NewGuid():N}"[..12];
        var ids = await FeedOrders.PlaceAsync(host, sellerId, 2, sellerId);
        using var reader = new InstrumentReader(host.Services.GetRequiredService<IMeterFactory>(), FeedsTelemetry.Name);
        using var seller = host.As(Roles.Seller, sellerId);
        var content = "order-id\tamazon-order-item-code\tcancellation-reason-code\n" +
                      $"{ids[0]}\t\tnoinventory\n" +
                      $"{ids[1]}\t\tNotAReason\n";

        var feed = await WaitForEndAsync(seller, await SubmitAsync(seller, Ack, content));

        Assert.Equal("DONE", Status(feed));
        await reader.EventuallyAsync(r => r.Count("ordercancellation.feed.duration") > 0);
        var (processed, _, errors, warnings) = Summary(feed);
        Assert.Equal(processed - errors - warnings, reader.Sum("ordercancellation.feed.records", "ordercancellation.feed.result=ok"));
        Assert.Equal(errors, reader.Sum("ordercancellation.feed.records", "ordercancellation.feed.result=error"));
        Assert.Equal(warnings, reader.Sum("ordercancellation.feed.records", "ordercancellation.feed.result=warning"));
        Assert.True(errors >= 1, feed.ToString());
        Assert.Equal(1, reader.Count("ordercancellation.feed.duration"));
    }
}
