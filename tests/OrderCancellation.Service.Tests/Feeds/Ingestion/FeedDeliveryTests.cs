using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Processing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>The app as under a host queue trigger: the in-process consumer is off and messages arrive through <c>FeedTrigger</c>.</summary>
public sealed class TriggeredFeedHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        ["Feeds:ConsumerEnabled"] = "false", // a host queue trigger delivers here (FeedTrigger), as under Azure Functions
        ["Feeds:BatchSize"] = "50",
    };
}

/// <summary>Delivery through the host's queue trigger: effects, inline feeds, redelivery after a crash mid-feed, the last delivery.</summary>
public sealed class FeedDeliveryTests(TriggeredFeedHost fixture) : IClassFixture<TriggeredFeedHost>
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_feed_id_message_posted_to_FeedQueueTrigger_processes_the_feed()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var feedId = await SubmitAsync(seller, Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{ids[0]}\t\tNoInventory\n");
        Assert.Equal("IN_QUEUE", Status(await GetAsync(seller, feedId))); // nobody consumes the queue in-process here
        var host = Host;

        using var response = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(feedId), 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = await GetAsync(seller, feedId);
        Assert.Equal(("DONE", (1L, 1L, 0L, 0L)), (Status(feed), Summary(feed)));
        Assert.Equal(OrderStatus.Canceled, (await FeedOrders.GetAsync(Host, ids[0])).OrderStatus);
    }

    [Fact]
    public async Task An_inline_feed_delivered_twice_is_one_feed_applied_once()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            sellerId,
            feedType = Json,
            content = $$"""{"messages":[{"messageId":1,"orderId":"{{ids[0]}}","reason":"NoInventory","lines":[{"lineId":"L1","quantity":1}]}]}""",
        });
        var host = Host;
        using var seller = Host.As(Roles.Seller, sellerId);

        using var first = await FeedTrigger.DeliverAsync(host, body, 1);
        using var second = await FeedTrigger.DeliverAsync(host, body, 2);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var feed = await GetAsync(seller, FeedMessage.InlineFeedId(body));
        Assert.Equal(("DONE", (1L, 1L, 0L, 0L), sellerId), (Status(feed), Summary(feed), feed.GetProperty("sellerId").GetString()));
        Assert.Equal([1, 0], (await FeedOrders.GetAsync(Host, ids[0])).Lines.Select(l => l.QuantityCanceled));
    }

    [Fact]
    public async Task A_feed_redelivered_after_a_crash_mid_feed_cancels_nothing_twice_and_counts_each_record_once()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 150, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var feedId = await SubmitAsync(seller, Adjustment, FeedOrders.AdjustmentFeed(ids));
        var store = Host.Services.GetRequiredService<FeedStore>();

        // The first delivery dies part-way, once two batches are counted (batches of 50 are cut where an order's four
        // records end: 52 each). The next batch was already applying alongside the second's commit, so the process
        // dies inside the third or the fourth: two or three batches are counted, their steps and the next one's kept.
        using (var crash = new CancellationTokenSource())
        {
            var cancellations = new CrashingFeedCancellations(
                Host.Services.GetRequiredService<IFeedCancellations>(),
                crash,
                crashNow: async () => (await store.GetAsync(feedId, default))!.Checkpoint >= 100);
            var applier = ActivatorUtilities.CreateInstance<FeedBatchApplier>(Host.Services, cancellations);
            var processor = ActivatorUtilities.CreateInstance<FeedProcessor>(Host.Services, applier);
            var handler = ActivatorUtilities.CreateInstance<FeedMessageHandler>(Host.Services, processor);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.HandleAsync(FeedTrigger.FeedMessage(feedId), 1, crash.Token));
        }

        var crashed = await GetAsync(seller, feedId);
        Assert.Equal("IN_PROGRESS", Status(crashed));
        Assert.Contains(Summary(crashed).Processed, new[] { 104L, 156L });
        var host = Host;

        using var redelivered = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(feedId), 2);
        using var again = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(feedId), 1); // a duplicate message after DONE

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (redelivered.StatusCode, again.StatusCode));
        var feed = await GetAsync(seller, feedId);
        Assert.Equal(("DONE", (600L, 450L, 150L, 0L)), (Status(feed), Summary(feed)));
        Assert.Equal(150, TsvRows(await ReportTsvAsync(seller, feedId)).Count);
        foreach (var id in ids)
        {
            var order = await FeedOrders.GetAsync(Host, id);
            Assert.Equal(3, order.Cancellations.Count);
            Assert.Equal([2, 1], order.Lines.Select(l => l.QuantityCanceled));
        }
    }

    [Fact]
    public async Task An_orders_records_in_two_batches_apply_in_document_order_while_the_batches_overlap()
    {
        // Batches of 50: record 1 and record 60 name the same order, in batches that would otherwise overlap; the
        // first batch's group holding record 1 is slow, so a second batch that did not wait would write first.
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 60, sellerId);
        var text = new System.Text.StringBuilder("order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n");
        text.Append(ids[0]).Append("\tL1\tNoInventory\t1\n");
        foreach (var id in ids.Skip(1).Take(58))
        {
            text.Append(id).Append("\tL2\tNoInventory\t1\n");
        }

        text.Append(ids[0]).Append("\tL1\tNoInventory\t2\n"); // only 1 of 2 is left once record 1 applied
        using var seller = Host.As(Roles.Seller, sellerId);
        var feedId = await SubmitAsync(seller, Adjustment, text.ToString());
        var cancellations = new SlowFirstRecordCancellations(Host.Services.GetRequiredService<IFeedCancellations>(), TimeSpan.FromMilliseconds(500));
        var applier = ActivatorUtilities.CreateInstance<FeedBatchApplier>(Host.Services, cancellations);
        var processor = ActivatorUtilities.CreateInstance<FeedProcessor>(Host.Services, applier);

        await processor.ProcessAsync(feedId, default);

        Assert.Equal(("DONE", (60L, 59L, 1L, 0L)), (Status(await GetAsync(seller, feedId)), Summary(await GetAsync(seller, feedId))));
        Assert.Equal("60", Assert.Single(TsvRows(await ReportTsvAsync(seller, feedId))).Record);
        Assert.Equal([1, 0], (await FeedOrders.GetAsync(Host, ids[0])).Lines.Select(l => l.QuantityCanceled));
    }

    [Fact]
    public async Task A_delivery_that_fails_is_not_acknowledged_and_failing_on_the_fifth_makes_the_feed_FATAL()
    {
        var feedId = await BrokenFeedAsync(Host, NewSeller());
        var host = Host;

        using var third = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(feedId), 3);
        var afterThird = (await Host.Services.GetRequiredService<FeedStore>().GetAsync(feedId, default))!;
        using var fifth = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(feedId), 5);
        var afterFifth = (await Host.Services.GetRequiredService<FeedStore>().GetAsync(feedId, default))!;

        Assert.Equal(HttpStatusCode.InternalServerError, third.StatusCode);
        Assert.Equal(FeedStatus.IN_PROGRESS, afterThird.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, fifth.StatusCode);
        Assert.Equal((FeedStatus.FATAL, "processing-failed"), (afterFifth.Status, afterFifth.FatalCode));
        Assert.Contains("chunk 0 is missing", afterFifth.FatalReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_the_host_poisoned_makes_its_unfinished_feed_FATAL_and_leaves_a_finished_feed_as_it_is()
    {
        var sellerId = NewSeller();
        var unfinished = await BrokenFeedAsync(Host, sellerId);
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var finished = await SubmitAsync(seller, Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{ids[0]}\t\tNoInventory\n");
        var host = Host;
        using var delivered = await FeedTrigger.DeliverAsync(host, FeedTrigger.FeedMessage(finished), 1);

        using var poisonedUnfinished = await FeedTrigger.DeliverPoisonedAsync(host, FeedTrigger.FeedMessage(unfinished));
        using var poisonedFinished = await FeedTrigger.DeliverPoisonedAsync(host, FeedTrigger.FeedMessage(finished));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (delivered.StatusCode, poisonedUnfinished.StatusCode, poisonedFinished.StatusCode));
        var store = Host.Services.GetRequiredService<FeedStore>();
        var fatal = (await store.GetAsync(unfinished, default))!;
        Assert.Equal((FeedStatus.FATAL, FeedMessageHandler.PoisonedCode), (fatal.Status, fatal.FatalCode));
        Assert.Contains("poison queue", fatal.FatalReason, StringComparison.Ordinal);
        Assert.Equal(("DONE", (1L, 1L, 0L, 0L)), (Status(await GetAsync(seller, finished)), Summary(await GetAsync(seller, finished))));
    }

    [Fact]
    public async Task An_inline_feed_the_host_poisoned_before_any_delivery_stored_it_is_kept_as_a_FATAL_feed_with_its_document()
    {
        var sellerId = NewSeller();
        var content = """{"messages":[{"messageId":1,"orderId":"111-0000000-0000000","reason":"NoInventory"}]}""";
        var body = System.Text.Json.JsonSerializer.Serialize(new { sellerId, feedType = Json, content });
        var host = Host;

        using var poisoned = await FeedTrigger.DeliverPoisonedAsync(host, body);

        Assert.Equal(HttpStatusCode.OK, poisoned.StatusCode);
        var feed = (await Host.Services.GetRequiredService<FeedStore>().GetAsync(FeedMessage.InlineFeedId(body), default))!;
        Assert.Equal((FeedStatus.FATAL, FeedMessageHandler.PoisonedCode, sellerId), (feed.Status, feed.FatalCode, feed.SellerId));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(content), feed.DocumentBytes);
    }

    /// <summary>
    /// A feed whose stored document is damaged (its length says 100 bytes, no chunk is stored): every
    /// delivery fails reading it. Written through the real store; no message is queued.
    /// </summary>
    internal static async Task<string> BrokenFeedAsync(ServiceHost host, string sellerId)
    {
        var feedId = $"broken-{Guid.NewGuid():N}";
        await host.Services.GetRequiredService<FeedStore>().CreateAsync(
            new NewFeed(feedId, sellerId, Ack, DateTimeOffset.UtcNow), new FeedDocument([], 100), default);
        return feedId;
    }
}
