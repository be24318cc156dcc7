using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

public abstract class PlaceAndCancelTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Placing_an_order_answers_201_with_its_location_etag_and_the_order()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();

        var placed = await marketplace.PostApiAsync("/api/orders", order);

        Assert.Equal(HttpStatusCode.Created, placed.Status);
        var id = (string)order["orderId"]!;
        Assert.Equal($"/api/orders/{id}", placed.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", placed.Headers.ETag?.Tag);
        Assert.Equal(id, placed.Json.GetProperty("orderId").GetString());
        Assert.Equal("Pending", placed.OrderStatus);
        Assert.Equal(1, placed.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_order_has_the_documented_shape_and_its_version_as_etag()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");

        var got = await buyer.GetApiAsync($"/api/orders/{id}");

        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("\"2\"", got.Headers.ETag?.Tag);
        var o = got.Json;
        foreach (var field in new[]
        {
            "orderId", "marketplaceId", "buyerId", "sellerId", "fulfillmentChannel", "orderStatus", "shippingLabelPurchased",
            "purchaseDate", "latestShipDate", "buyerCancelWindowEndsAt", "autoCancelAt", "lines", "cancellations", "allowedActions", "version",
        })
        {
            Assert.True(o.TryGetProperty(field, out _), $"missing {field}: {o}");
        }

        Assert.Equal("Unshipped", o.GetProperty("orderStatus").GetString());
        Assert.Equal(2, o.GetProperty("version").GetInt64());
        var line = o.GetProperty("lines")[0];
        Assert.Equal("L1", line.GetProperty("lineId").GetString());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(0, line.GetProperty("quantityShipped").GetInt32());
        Assert.Equal(0, line.GetProperty("quantityCanceled").GetInt32());
        Assert.Equal("USD", line.GetProperty("unitPrice").GetProperty("currencyCode").GetString());
        Assert.Equal(["Cancel"], o.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public async Task Placing_the_same_order_again_answers_200_and_other_content_under_the_id_is_409()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        await marketplace.PostApiAsync("/api/orders", order);

        var again = await marketplace.PostApiAsync("/api/orders", order);
        order["buyerId"] = "B2";
        var different = await marketplace.PostApiAsync("/api/orders", order);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(1, again.Json.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, different.Status);
        Assert.Equal("order-exists", different.Code);
        Assert.Equal("application/problem+json", different.ContentType);
    }

    [Fact]
    public async Task An_order_without_an_id_gets_an_amazon_style_id()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order.Remove("orderId");

        var placed = await marketplace.PostApiAsync("/api/orders", order);

        Assert.Equal(HttpStatusCode.Created, placed.Status);
        Assert.Matches("^[0-9]{3}-[0-9]{7}-[0-9]{7}$", placed.Json.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task A_buyer_cancel_within_the_window_cancels_the_order_now()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");

        var canceled = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "Ordered by mistake" });

        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        Assert.Equal("Canceled", canceled.Outcome);
        Assert.Equal("Canceled", canceled.OrderStatus);
        var cancellation = canceled.Order.GetProperty("cancellations")[0];
        Assert.Equal("Buyer", cancellation.GetProperty("by").GetString());
        Assert.False((await Host.OrderAsync(id)).GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean()); // not in the buyer's view
        Assert.Equal("\"3\"", canceled.Headers.ETag?.Tag);
        Assert.Equal("Canceled", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_cancel_without_a_body_cancels_everything_cancelable()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var noReason = await seller.PostApiAsync($"/api/orders/{id}/cancel", null);
        var canceled = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.Status);
        Assert.Equal("invalid-reason", noReason.Code);
        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        Assert.Equal("Canceled", canceled.Outcome);
    }
}

public sealed class PlaceAndCancelSqliteTests(SqliteHost fixture) : PlaceAndCancelTests(fixture), IClassFixture<SqliteHost>;

public sealed class PlaceAndCancelPostgresTests(PostgresHost fixture) : PlaceAndCancelTests(fixture), IClassFixture<PostgresHost>;
