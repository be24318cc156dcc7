using Microsoft.Extensions.DependencyInjection;
using System.Net;
using OrderCancellation.Api.Retention;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Retention;

/// <summary>
/// Every age 10 days (documents 5), batches of 2 rows. The tests purge "20 days from now" themselves. Orders remember
/// only their last command, so a test can push a key out of the orchestration's own memory.
/// </summary>
public abstract class RetentionHost : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        ["Retention:Feeds"] = "10.00:00:00",
        ["Retention:FeedDocuments"] = "5.00:00:00",
        ["Retention:Notices"] = "10.00:00:00",
        ["Retention:WebhookDeliveries"] = "10.00:00:00",
        ["Retention:LedgerEntries"] = "10.00:00:00",
        ["Retention:IdempotencyRecords"] = "10.00:00:00",
        ["Retention:BatchSize"] = "2",
        ["Workflow:RememberedCommands"] = "1",
    };
}

public sealed class RetentionSqliteHost : RetentionHost
{
    public override StoreKind Store => StoreKind.Sqlite;
}

public sealed class RetentionPostgresHost : RetentionHost
{
    public override StoreKind Store => StoreKind.Postgres;
}

/// <summary>
/// Rows are written "yesterday" (old once the test purges at <see cref="PurgeAt"/>: every cutoff is at least 10 days
/// from now) or 18 days ahead (young then); the host's own background pass, purging at the real now, touches neither.
/// </summary>
public abstract class RetentionTests(RetentionHost fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset Old = Now.AddDays(-1);
    private static readonly DateTimeOffset Young = Now.AddDays(18);
    private static readonly DateTimeOffset PurgeAt = Now.AddDays(20);

    private ServiceHost Host => fixture.Host;

    private RetentionRowsWriter Rows => new(Host);

    private Task<IReadOnlyList<RetentionResult>> PurgeAsync() =>
        Host.Services.GetRequiredService<RetentionPurger>().PurgeAsync(PurgeAt, CancellationToken.None);

    [Fact]
    public async Task Retention_purges_old_feeds_in_batches_and_keeps_young_ones()
    {
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            old.Add(await Rows.FeedAsync("DONE", Old, Old, reportRows: 2, chunks: 1));
        }

        var running = await Rows.FeedAsync("IN_PROGRESS", Old, endedAt: null, reportRows: 1, chunks: 1);
        var young = await Rows.FeedAsync("FATAL", Young, Young, reportRows: 2, chunks: 1);

        var results = await PurgeAsync();

        foreach (var feedId in old)
        {
            Assert.Equal((0, 0, 0), await FeedRowsAsync(feedId));
        }

        Assert.Equal((1, 1, 1), await FeedRowsAsync(running));
        Assert.Equal((1, 2, 1), await FeedRowsAsync(young));
        var feeds = results.Single(r => r.Kind == RetentionKind.Feeds);
        Assert.True(feeds.Rows >= 5 && feeds.Batches >= 3, $"{feeds}: batches of 2 rows");
        Assert.True(results.Single(r => r.Kind == RetentionKind.FeedReportRows).Rows >= 10);
    }

    [Fact]
    public async Task A_feeds_document_goes_before_the_feed_and_its_report()
    {
        var endedAt = Now.AddDays(12); // past the documents' 5 days at PurgeAt, within the feeds' 10
        var feedId = await Rows.FeedAsync("DONE", endedAt, endedAt, reportRows: 3, chunks: 2, sellerId: "R-report-seller");

        await PurgeAsync();

        Assert.Equal((1, 3, 0), await FeedRowsAsync(feedId));
        using var seller = Host.As("seller", "R-report-seller");
        var report = await seller.GetApiAsync($"/api/feeds/{feedId}/report");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(3, report.Body.Split('\n').Count(l => l.Contains("order-not-found", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Notices_and_ledger_rows_of_an_open_order_are_kept_whatever_their_age()
    {
        var open = $"R-open-{Guid.NewGuid():N}";
        var closed = $"R-closed-{Guid.NewGuid():N}";
        await Rows.OrderStatusAsync(open, "Unshipped");
        await Rows.OrderStatusAsync(closed, "Canceled");
        var openNotice = await Rows.NoticeAsync(open, Old);
        var openLedger = await Rows.LedgerEntryAsync(open, Old);
        var closedNotice = await Rows.NoticeAsync(closed, Old);
        var closedLedger = await Rows.LedgerEntryAsync(closed, Old);
        var youngNotice = await Rows.NoticeAsync(closed, Young);
        var youngLedger = await Rows.LedgerEntryAsync(closed, Young);

        await PurgeAsync();

        Assert.Equal(1, await Rows.CountAsync("notifications", "notification_id", openNotice));
        Assert.Equal(1, await Rows.CountAsync("ledger_entries", "activity_id", openLedger));
        Assert.Equal(0, await Rows.CountAsync("notifications", "notification_id", closedNotice));
        Assert.Equal(0, await Rows.CountAsync("ledger_entries", "activity_id", closedLedger));
        Assert.Equal(1, await Rows.CountAsync("notifications", "notification_id", youngNotice));
        Assert.Equal(1, await Rows.CountAsync("ledger_entries", "activity_id", youngLedger));
    }

    [Fact]
    public async Task Old_webhook_deliveries_and_idempotency_records_go_and_young_ones_stay()
    {
        var oldDeliveries = new[] { await Rows.DeliveryAsync(Old), await Rows.DeliveryAsync(Old), await Rows.DeliveryAsync(Old) };
        var youngDelivery = await Rows.DeliveryAsync(Young);
        var oldAnswers = new[] { await Rows.IdempotencyRecordAsync(Old), await Rows.IdempotencyRecordAsync(Old), await Rows.IdempotencyRecordAsync(Old) };
        var youngAnswer = await Rows.IdempotencyRecordAsync(Young);

        var results = await PurgeAsync();

        foreach (var id in oldDeliveries)
        {
            Assert.Equal(0, await Rows.CountAsync("webhook_deliveries", "activity_id", id));
        }

        foreach (var id in oldAnswers)
        {
            Assert.Equal(0, await Rows.CountAsync("command_answers", "order_id", id));
        }

        Assert.Equal(1, await Rows.CountAsync("webhook_deliveries", "activity_id", youngDelivery));
        Assert.Equal(1, await Rows.CountAsync("command_answers", "order_id", youngAnswer));
        Assert.True(results.Single(r => r.Kind == RetentionKind.WebhookDeliveries).Batches >= 2);
    }

    [Fact]
    public async Task A_repeat_of_a_purged_Idempotency_Key_is_a_new_request()
    {
        var seller = $"R-{Guid.NewGuid():N}";
        var orderId = await Host.PlaceAsync(OrderApi.Order(sellerId: seller));
        using var client = Host.As("seller", seller);
        var path = $"/api/orders/{orderId}/cancel";
        var first = await client.PostApiAsync(path, Cancel("L2"), idempotencyKey: "purged-key");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("idempotency-key-reused", (await client.PostApiAsync(path, Cancel("L1"), idempotencyKey: "purged-key")).Code);
        // The order keeps answering recent commands itself (Workflow:RememberedCommands, here 1): push the key out of it.
        Assert.Equal(HttpStatusCode.OK, (await client.PostApiAsync(path, Cancel("L1"))).Status);

        await PurgeAsync();

        var afresh = await client.PostApiAsync(path, Cancel("L1"), idempotencyKey: "purged-key");
        Assert.True(afresh.Status == HttpStatusCode.OK, afresh.ToString()); // judged and applied as a new request
        Assert.Equal("Canceled", afresh.OrderStatus);
    }

    private static object Cancel(string lineId) => new { reason = "NoInventory", lines = new[] { new { lineId, quantity = 1 } } };

    private async Task<(long Feeds, long ReportRows, long Chunks)> FeedRowsAsync(string feedId) =>
        (await Rows.CountAsync("feeds", "feed_id", feedId), await Rows.CountAsync("feed_errors", "feed_id", feedId),
            await Rows.CountAsync("feed_documents", "feed_id", feedId));
}

public sealed class RetentionSqliteTests(RetentionSqliteHost fixture) : RetentionTests(fixture), IClassFixture<RetentionSqliteHost>;

public sealed class RetentionPostgresTests(RetentionPostgresHost fixture) : RetentionTests(fixture), IClassFixture<RetentionPostgresHost>;
