using System.Net;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>A buyer's Your Orders (§5, issue 19): their own orders only, newest first, cancelled ones included, paged.</summary>
public abstract class BuyerOrderListTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewBuyer() => $"B-{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task A_buyer_lists_their_own_orders_newest_first_with_cancelled_ones()
    {
        var buyer = NewBuyer();
        var seller = $"S-{Guid.NewGuid():N}"[..14];
        var now = DateTimeOffset.UtcNow;
        var oldest = await Host.PlaceAsync(OrderApi.Order(buyerId: buyer, sellerId: seller, purchaseDate: now.AddHours(-3)));
        var newest = await Host.PlaceAsync(OrderApi.Order(buyerId: buyer, sellerId: seller, purchaseDate: now.AddHours(-1)));
        // Two orders bought at the same time: the greater order id comes first.
        var tiedA = await Host.PlaceAsync(OrderApi.Order(orderId: $"T-{Guid.NewGuid():N}-a", buyerId: buyer, sellerId: seller, purchaseDate: now.AddHours(-2)));
        var tiedB = await Host.PlaceAsync(OrderApi.Order(orderId: $"{tiedA[..^2]}-b", buyerId: buyer, sellerId: seller, purchaseDate: now.AddHours(-2)));
        using var sellerClient = Host.As("seller", seller);
        Assert.Equal("Canceled", (await sellerClient.PostApiAsync($"/api/orders/{oldest}/cancel", new { reason = "NoInventory", note = "for the seller only" })).Outcome);
        await Host.ProjectedAsync(oldest, newest, tiedA, tiedB);

        using var client = Host.As("buyer", buyer);
        var page = await client.GetApiAsync("/api/orders");

        Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
        Assert.Equal([newest, tiedB, tiedA, oldest], Ids(page));
        var canceled = page.Json.GetProperty("orders")[3];
        Assert.Equal("Canceled", canceled.GetProperty("orderStatus").GetString());
        var cancellation = canceled.GetProperty("cancellations")[0];
        Assert.False(cancellation.TryGetProperty("countsAgainstSeller", out _), cancellation.ToString());
        Assert.False(cancellation.TryGetProperty("note", out _), cancellation.ToString());
        Assert.False(page.Json.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task A_buyers_orders_come_in_pages_without_gaps_or_repeats()
    {
        var buyer = NewBuyer();
        var now = DateTimeOffset.UtcNow;
        var placed = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            placed.Add(await Host.PlaceAsync(OrderApi.Order(buyerId: buyer, purchaseDate: now.AddMinutes(-n))));
        }

        await Host.ProjectedAsync(placed);
        using var client = Host.As("buyer", buyer);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.GetApiAsync($"/api/orders?pageSize=2{(token is null ? string.Empty : $"&pageToken={token}")}");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            seen.AddRange(Ids(page));
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(placed, seen); // placed newest first
    }

    [Fact]
    public async Task A_buyer_never_lists_another_buyers_orders()
    {
        var buyer = NewBuyer();
        var other = NewBuyer();
        var seller = $"S-{Guid.NewGuid():N}"[..14];
        var mine = await Host.PlaceAsync(OrderApi.Order(buyerId: buyer, sellerId: seller));
        var theirs = await Host.PlaceAsync(OrderApi.Order(buyerId: other, sellerId: seller));
        var theirsElsewhere = await Host.PlaceAsync(OrderApi.Order(buyerId: other));
        await Host.ProjectedAsync(mine, theirs, theirsElsewhere);
        using var client = Host.As("buyer", buyer);

        var all = await client.GetApiAsync("/api/orders");
        var bySeller = await client.GetApiAsync($"/api/orders?sellerId={seller}");
        var byStatus = await client.GetApiAsync("/api/orders?status=Unshipped&buyerRequestedCancel=false");
        var byOtherSeller = await client.GetApiAsync("/api/orders?sellerId=S1");
        var asOther = await client.GetApiAsync($"/api/orders?buyerId={other}");
        var asSelf = await client.GetApiAsync($"/api/orders?buyerId={buyer}");

        Assert.Equal([mine], Ids(all));
        Assert.Equal([mine], Ids(bySeller));
        Assert.Equal([mine], Ids(byStatus));
        Assert.Empty(Ids(byOtherSeller));
        Assert.Equal((HttpStatusCode.Forbidden, "not-allowed"), (asOther.Status, asOther.Code));
        Assert.DoesNotContain(other, asOther.Body, StringComparison.Ordinal);
        Assert.Equal([mine], Ids(asSelf));
    }

    [Fact]
    public async Task A_page_token_that_is_not_a_buyers_is_a_400_problem()
    {
        var seller = $"S-{Guid.NewGuid():N}"[..14];
        for (var n = 0; n < 2; n++)
        {
            await Host.ProjectedAsync(await Host.PlaceAsync(OrderApi.Order(sellerId: seller)));
        }

        using var sellerClient = Host.As("seller", seller);
        var sellersToken = (await sellerClient.GetApiAsync("/api/orders?pageSize=1")).Json.GetProperty("nextPageToken").GetString();
        using var client = Host.As("buyer", NewBuyer());

        foreach (var token in new[] { sellersToken, "not-a-token", "%00" })
        {
            var answer = await client.GetApiAsync($"/api/orders?pageToken={token}");
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("validation-failed", answer.Code);
            Assert.True(answer.Json.GetProperty("errors").TryGetProperty("pageToken", out _), answer.ToString());
        }
    }

    private static string[] Ids(ApiAnswer page) =>
        [.. page.Json.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!)];
}

public sealed class BuyerOrderListSqliteTests(SqliteHost fixture) : BuyerOrderListTests(fixture), IClassFixture<SqliteHost>;

public sealed class BuyerOrderListPostgresTests(PostgresHost fixture) : BuyerOrderListTests(fixture), IClassFixture<PostgresHost>;
