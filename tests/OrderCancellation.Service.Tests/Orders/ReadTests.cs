using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>Manage Orders paging, history, notices, runtime status and the Cancellation Rate.</summary>
public abstract class ReadTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task A_sellers_orders_come_in_pages_in_order_id_order_without_gaps_or_repeats()
    {
        var seller = NewSeller();
        var placed = new List<string>();
        for (var n = 0; n < 7; n++)
        {
            placed.Add(await Host.PlaceAsync(OrderApi.Order(sellerId: seller)));
        }

        await Host.PlaceAsync(OrderApi.Order(sellerId: NewSeller()));
        await Host.ProjectedAsync(placed); // §6: lists come from the read model
        using var client = Host.As("seller", seller);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.GetApiAsync($"/api/orders?pageSize=3{(token is null ? string.Empty : $"&pageToken={token}")}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Json.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!));
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(placed.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Filters_by_status_and_buyer_requested_cancel_for_a_seller_and_the_marketplace()
    {
        var seller = NewSeller();
        var requested = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: DateTimeOffset.UtcNow.AddHours(-1)));
        var canceled = await Host.PlaceAsync(OrderApi.Order(sellerId: seller));
        var untouched = await Host.PlaceAsync(OrderApi.Order(sellerId: seller));
        using var buyer = Host.As("buyer", "B1");
        using var sellerClient = Host.As("seller", seller);
        using var marketplace = Host.AsMarketplace();
        Assert.Equal("CancellationRequested", (await buyer.PostApiAsync($"/api/orders/{requested}/cancel", new { })).Outcome);
        Assert.Equal("Canceled", (await sellerClient.PostApiAsync($"/api/orders/{canceled}/cancel", new { reason = "NoInventory" })).Outcome);
        await Host.ProjectedAsync(requested, canceled, untouched); // §6: lists come from the read model

        var asked = await sellerClient.GetApiAsync("/api/orders?buyerRequestedCancel=true");
        var unshipped = await sellerClient.GetApiAsync("/api/orders?status=Unshipped");
        var both = await sellerClient.GetApiAsync("/api/orders?status=Unshipped&buyerRequestedCancel=false");
        var byMarketplace = await marketplace.GetApiAsync($"/api/orders?sellerId={seller}&status=Canceled");

        Assert.Equal([requested], Ids(asked));
        Assert.Equal(new[] { requested, untouched }.Order(StringComparer.Ordinal), Ids(unshipped));
        Assert.Equal([untouched], Ids(both));
        Assert.Equal([canceled], Ids(byMarketplace));
    }

    [Fact]
    public async Task A_seller_cannot_list_another_sellers_orders()
    {
        using var seller = Host.As("seller", "S1");

        var answer = await seller.GetApiAsync("/api/orders?sellerId=S2");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("not-allowed", answer.Code);
    }

    [Fact]
    public async Task History_lists_every_event_with_actor_time_and_reason()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L2", quantity = 1 } }, carrier = "UPS", trackingId = "1Z" });
        await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", note = "out of stock" });
        using var buyer = Host.As("buyer", "B1");
        await Host.HistoryAsync(id); // §6: the audit trail is the read model's, eventually consistent

        var history = await buyer.GetApiAsync($"/api/orders/{id}/history");

        Assert.Equal(HttpStatusCode.OK, history.Status);
        var events = history.Json.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["OrderPlaced", "PaymentVerified", "ShipmentConfirmed", "LinesCanceled"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("Marketplace", events[0].GetProperty("actor").GetProperty("role").GetString());
        Assert.Equal("S1", events[3].GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("NoInventory", events[3].GetProperty("reason").GetString());
        Assert.Equal("out of stock", (await Host.HistoryAsync(id))[3].GetProperty("data").GetProperty("note").GetString()); // the seller's note: not in the buyer's trail
        Assert.Equal("UPS", events[2].GetProperty("data").GetProperty("carrier").GetString());
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.All(events, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() <= e.GetProperty("recordedAt").GetDateTimeOffset().AddMilliseconds(1)));
    }

    [Fact]
    public async Task A_partial_cancel_then_shipping_the_rest_completes_the_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var partial = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L2", quantity = 1 } } });
        var shipped = await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L1", quantity = 2 } } });
        using var support = Host.As("support", "SUP1");
        var status = await support.GetApiAsync($"/runtime/instances/{id}");

        Assert.Equal("PartiallyCanceled", partial.Outcome);
        Assert.Equal("Shipped", shipped.OrderStatus);
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(id, status.Json.GetProperty("instanceId").GetString());
        Assert.Equal("OrderOrchestration", status.Json.GetProperty("name").GetString());
        Assert.Equal("Shipped", status.Json.GetProperty("orderStatus").GetString());
        Assert.Empty(status.Json.GetProperty("pendingTimers").EnumerateArray());

        // Completed once the money activities (capture for L1, release for L2) have run and nothing is pending.
        var completed = await Host.CompletedStatusAsync(id);
        Assert.Empty(completed.GetProperty("pendingTimers").EnumerateArray());
        Assert.Equal(0, completed.GetProperty("pendingEffects").GetInt32());
        Assert.True(status.Json.GetProperty("lastUpdatedTime").GetDateTimeOffset() >= status.Json.GetProperty("createdTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_new_order_shows_its_timers_in_the_runtime_status()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(), verifyPayment: false);
        using var marketplace = Host.AsMarketplace();

        var status = await marketplace.GetApiAsync($"/runtime/instances/{id}");
        var missing = await marketplace.GetApiAsync($"/runtime/instances/{OrderApi.NewId()}");

        Assert.Equal("Running", status.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Pending", status.Json.GetProperty("orderStatus").GetString());
        var timers = status.Json.GetProperty("pendingTimers").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(new[] { "AutoCancel", "AutoCancelWarning", "BuyerWindowCloses", "PendingPaymentTimeout" }, timers.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task The_cancellation_rate_counts_only_the_sellers_own_cancels_of_merchant_orders()
    {
        var seller = NewSeller();
        using var sellerClient = Host.As("seller", seller);
        using var buyer = Host.As("buyer", "B1");
        var ids = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add(await Host.PlaceAsync(OrderApi.Order(sellerId: seller)));
        }

        await Host.PlaceAsync(OrderApi.Order(sellerId: seller, channel: "Amazon"));
        await sellerClient.PostApiAsync($"/api/orders/{ids[0]}/cancel", new { reason = "NoInventory" });
        await buyer.PostApiAsync($"/api/orders/{ids[1]}/cancel", new { });
        await Host.ProjectedAsync(ids); // §6: the rate comes from the read model

        var rate = await sellerClient.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate");
        using var marketplace = Host.AsMarketplace();
        var byMarketplace = await marketplace.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate?marketplaceId={OrderApi.MarketplaceId}");
        var otherMarketplace = await marketplace.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate?marketplaceId=NONE");
        var otherSeller = await sellerClient.GetApiAsync("/api/sellers/S1/metrics/cancellation-rate");

        Assert.Equal(HttpStatusCode.OK, rate.Status);
        var r = rate.Json;
        Assert.Equal(seller, r.GetProperty("sellerId").GetString());
        Assert.Equal(4, r.GetProperty("orders").GetInt32());
        Assert.Equal(1, r.GetProperty("ordersWithSellerCancellation").GetInt32());
        Assert.Equal(0.25m, r.GetProperty("rate").GetDecimal());
        Assert.Equal(0.025m, r.GetProperty("threshold").GetDecimal());
        Assert.Equal("AtRisk", r.GetProperty("status").GetString());
        Assert.Equal(TimeSpan.FromDays(7), r.GetProperty("windowEnd").GetDateTimeOffset() - r.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(rate.Json.GetProperty("orders").GetInt32(), byMarketplace.Json.GetProperty("orders").GetInt32());
        Assert.Equal(0, otherMarketplace.Json.GetProperty("orders").GetInt32());
        Assert.Equal("Good", otherMarketplace.Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherSeller.Status);
    }

    [Fact]
    public async Task Notices_of_an_order_are_for_those_who_may_see_it()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var owner = Host.As("buyer", "B1");
        using var stranger = Host.As("buyer", "B2");
        await owner.PostApiAsync($"/api/orders/{id}/cancel", new { });

        var theirs = await stranger.GetApiAsync($"/api/orders/{id}/notifications");
        var missing = await owner.GetApiAsync($"/api/orders/{OrderApi.NewId()}/notifications");
        var mine = await owner.GetApiAsync($"/api/orders/{id}/notifications");

        Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        if (Host.Services.GetService<INotificationStore>() is null)
        {
            // This branch has no notification store yet (the activities area registers it): the endpoint says so.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, mine.Status);
            Assert.Equal("notifications-unavailable", mine.Code);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, mine.Status);
            Assert.Equal(id, mine.Json.GetProperty("orderId").GetString());
            Assert.Equal(JsonValueKind.Array, mine.Json.GetProperty("notifications").ValueKind);
        }
    }

    private static string[] Ids(ApiAnswer page) =>
        [.. page.Json.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!)];
}

public sealed class ReadSqliteTests(SqliteHost fixture) : ReadTests(fixture), IClassFixture<SqliteHost>;

public sealed class ReadPostgresTests(PostgresHost fixture) : ReadTests(fixture), IClassFixture<PostgresHost>;
