using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary><see cref="FeedStore.ListLatestAsync"/>, which the seller's Feeds page reads, on both stores.</summary>
public sealed class FeedStoreListTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_sellers_latest_feeds_come_newest_first_up_to_the_limit_and_never_another_sellers(StoreKind kind)
    {
        await using var host = await ServiceHost.StartAsync(kind, HostFixture.QuietActivities());
        var store = host.Services.GetRequiredService<FeedStore>();
        var start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var document = FeedDocuments.FromBytes(Encoding.UTF8.GetBytes("order-id\n"));
        foreach (var (id, seller, minutes) in new[] { ("f1", "S-LIST", 0), ("f2", "S-LIST", 2), ("f3", "S-OTHER", 3), ("f4", "S-LIST", 1) })
        {
            await store.CreateAsync(new NewFeed(id, seller, "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA", start.AddMinutes(minutes)), document, default);
        }

        var latest = await store.ListLatestAsync("S-LIST", 2, default);

        Assert.Equal(["f2", "f4"], latest.Select(f => f.FeedId));
        Assert.All(latest, f => Assert.Equal((FeedStatus.IN_QUEUE, "S-LIST"), (f.Status, f.SellerId)));
        Assert.Empty(await store.ListLatestAsync("S-NONE", 2, default));
    }
}
