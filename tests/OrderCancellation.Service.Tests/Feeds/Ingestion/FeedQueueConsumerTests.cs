using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Store.Queues;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>
/// The in-process consumer over both transports, end to end: a 10,000-record feed over HTTP on the
/// embedded store queue and on Azurite, and a message that keeps failing going to the poison queue.
/// </summary>
public sealed class FeedQueueConsumerTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_10000_record_feed_goes_end_to_end_over_the_embedded_store_queue()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, HostFixture.QuietActivities());

        var transport = await TenThousandRecordsAsync(host);

        Assert.IsNotType<AzureStorageQueueTransport>(transport);
    }

    [Fact]
    public async Task A_10000_record_feed_goes_end_to_end_over_the_Azure_Storage_queue_on_Azurite()
    {
        var queueName = $"feeds-{Guid.NewGuid():N}"[..20];
        var settings = new Dictionary<string, string?>(HostFixture.QuietActivities())
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Feeds:QueueName"] = queueName,
        };
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, settings);

        var transport = await TenThousandRecordsAsync(host);

        var azure = Assert.IsType<AzureStorageQueueTransport>(transport);
        Assert.Empty(await azure.ReceiveAsync(queueName, 32, TimeSpan.FromSeconds(1))); // deleted once done
    }

    [Fact]
    public async Task A_message_that_fails_five_times_goes_to_the_poison_queue_and_its_feed_is_FATAL()
    {
        var settings = new Dictionary<string, string?>(HostFixture.QuietActivities())
        {
            ["Feeds:VisibilityTimeout"] = "00:00:00.200",
            ["Feeds:PollInterval"] = "00:00:00.100",
        };
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, settings);
        var queue = host.Services.GetRequiredService<FeedQueue>();
        var store = host.Services.GetRequiredService<FeedStore>();
        var feedId = await FeedDeliveryTests.BrokenFeedAsync(host, NewSeller());

        await queue.SendFeedAsync(feedId, default);

        var poisoned = await WaitForAsync(async () => await queue.Transport.ReceiveAsync(queue.PoisonName, 1, TimeSpan.FromMinutes(1)) is [var m] ? m : null);
        Assert.Equal(FeedTrigger.FeedMessage(feedId), poisoned.Body);
        Assert.Equal("order-cancellation-feeds-poison", queue.PoisonName);
        var feed = (await store.GetAsync(feedId, default))!;
        Assert.Equal((FeedStatus.FATAL, "processing-failed"), (feed.Status, feed.FatalCode));
        Assert.Contains("5 deliveries", feed.FatalReason, StringComparison.Ordinal);
        await Task.Delay(500); // past a visibility timeout: the original is gone, not hidden
        Assert.Empty(await queue.Transport.ReceiveAsync(queue.Name, 32, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_message_that_is_not_a_feed_message_goes_to_the_poison_queue_at_once()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, HostFixture.QuietActivities());
        var queue = host.Services.GetRequiredService<FeedQueue>();
        await queue.EnsureCreatedAsync(default);

        await queue.Transport.SendAsync(queue.Name, "not json");
        queue.WakeUp.Set();

        var poisoned = await WaitForAsync(async () => await queue.Transport.ReceiveAsync(queue.PoisonName, 1, TimeSpan.FromMinutes(1)) is [var m] ? m : null);
        Assert.Equal(("not json", 1), (poisoned.Body, poisoned.DequeueCount));
    }

    /// <summary>2,500 orders, 4 records each (3 cancel, the 4th finds the order canceled), submitted over HTTP and consumed from the queue.</summary>
    private static async Task<IQueueTransport> TenThousandRecordsAsync(ServiceHost host)
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(host, sellerId, 2500, sellerId);
        using var seller = host.As(Roles.Seller, sellerId);

        var feedId = await SubmitAsync(seller, Adjustment, FeedOrders.AdjustmentFeed(ids));
        var feed = await WaitForEndAsync(seller, feedId, TimeSpan.FromMinutes(6)); // generous: 10,000 commands on a shared CI machine

        Assert.Equal(("DONE", (10_000L, 7_500L, 2_500L, 0L)), (Status(feed), Summary(feed)));
        var rows = TsvRows(await ReportTsvAsync(seller, feedId));
        Assert.Equal(2_500, rows.Count);
        Assert.All(rows, r => Assert.Equal("order-canceled", r.Code));
        foreach (var id in new[] { ids[0], ids[1234], ids[^1] })
        {
            Assert.Equal([2, 1], (await FeedOrders.GetAsync(host, id)).Lines.Select(l => l.QuantityCanceled));
        }

        return host.Services.GetRequiredService<FeedQueue>().Transport;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The condition was not met within 30 s.");
    }
}
