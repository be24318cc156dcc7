using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>Idempotency-Key, If-Match, and commands racing on one order.</summary>
public abstract class IdempotencyAndConcurrencyTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_repeated_key_returns_the_first_answer_byte_for_byte_with_no_second_effect()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        var body = new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 1 } } };

        var first = await seller.PostApiAsync($"/api/orders/{id}/cancel", body, idempotencyKey: "k-1");
        var second = await seller.PostApiAsync($"/api/orders/{id}/cancel", body, idempotencyKey: "k-1");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("PartiallyCanceled", first.Outcome);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(1, await Host.CountEventsAsync(id, "LinesCanceled"));
        Assert.Equal(1, (await Host.OrderAsync(id)).GetProperty("lines")[0].GetProperty("quantityCanceled").GetInt32());
    }

    [Fact]
    public async Task A_repeated_key_replays_a_refusal_too()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(), verifyPayment: false);
        using var seller = Host.As("seller", "S1");

        var first = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" }, idempotencyKey: "k-refused");
        using var marketplace = Host.AsMarketplace();
        await marketplace.PostApiAsync($"/api/orders/{id}/payment", new { status = "Verified" });
        var second = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" }, idempotencyKey: "k-refused");

        Assert.Equal("payment-pending", first.Code);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal("Unshipped", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 1 } } }, idempotencyKey: "k-2");

        var reused = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L2", quantity = 1 } } }, idempotencyKey: "k-2");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.Code);
        Assert.Equal(0, (await Host.OrderAsync(id)).GetProperty("lines")[1].GetProperty("quantityCanceled").GetInt32());
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_caller_and_the_operation()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        using var marketplace = Host.AsMarketplace();

        var label = await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" }, idempotencyKey: "same");
        var voided = await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Voided" }, idempotencyKey: "other");
        var shipped = await marketplace.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L2", quantity = 1 } } }, idempotencyKey: "same");

        Assert.Equal(HttpStatusCode.OK, label.Status);
        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal(HttpStatusCode.OK, shipped.Status);
        Assert.Equal("PartiallyShipped", shipped.OrderStatus);
    }

    [Fact]
    public async Task Placing_without_an_id_under_a_key_twice_creates_one_order()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order.Remove("orderId");
        var key = Guid.NewGuid().ToString();

        var first = await marketplace.PostApiAsync("/api/orders", order, idempotencyKey: key);
        var second = await marketplace.PostApiAsync("/api/orders", order, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task If_Match_with_the_current_etag_applies_and_with_a_stale_one_is_412()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        var got = await seller.GetApiAsync($"/api/orders/{id}");
        var etag = got.Headers.ETag!.Tag;

        var applied = await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" }, ifMatch: etag);
        var stale = await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Voided" }, ifMatch: etag);
        var garbage = await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Voided" }, ifMatch: "\"abc\"");

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.NotEqual(etag, applied.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("version-conflict", stale.Code);
        Assert.Equal(HttpStatusCode.PreconditionFailed, garbage.Status);
        Assert.True((await Host.OrderAsync(id)).GetProperty("shippingLabelPurchased").GetBoolean());
    }

    [Fact]
    public async Task A_cancel_racing_a_shipment_has_exactly_one_winner_and_a_consistent_order()
    {
        using var seller = Host.As("seller", "S1");
        for (var round = 0; round < 15; round++)
        {
            var order = OrderApi.Order();
            order["lines"] = new object[] { new { lineId = "L1", sku = "SKU-1", quantity = 1, unitPrice = new { amount = 10m, currencyCode = "USD" } } };
            var id = await Host.PlaceAsync(order);
            var cancel = seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });
            var ship = seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L1", quantity = 1 } } });
            var answers = await Task.WhenAll(cancel, ship);

            var winners = answers.Count(a => a.Status == HttpStatusCode.OK);
            Assert.True(winners == 1, $"round {round}: {answers[0]} / {answers[1]}");
            var loser = answers.Single(a => a.Status != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Conflict, loser.Status);
            var final = await Host.OrderAsync(id);
            var line = final.GetProperty("lines")[0];
            Assert.Equal(1, line.GetProperty("quantityShipped").GetInt32() + line.GetProperty("quantityCanceled").GetInt32());
            Assert.Equal(answers[0].Status == HttpStatusCode.OK ? "Canceled" : "Shipped", final.GetProperty("orderStatus").GetString());
            Assert.Equal(1, await Host.CountEventsAsync(id, "LinesCanceled") + await Host.CountEventsAsync(id, "ShipmentConfirmed"));
        }
    }

    [Fact]
    public async Task Concurrent_partial_cancels_never_cancel_more_than_was_ordered()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 1 } } })));

        Assert.Equal(2, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Contains(a.Code, new[] { "quantity-not-cancelable", "order-canceled" }));
        Assert.Equal(2, (await Host.OrderAsync(id)).GetProperty("lines")[0].GetProperty("quantityCanceled").GetInt32());
    }
}

public sealed class IdempotencyAndConcurrencySqliteTests(SqliteHost fixture) : IdempotencyAndConcurrencyTests(fixture), IClassFixture<SqliteHost>;

public sealed class IdempotencyAndConcurrencyPostgresTests(PostgresHost fixture) : IdempotencyAndConcurrencyTests(fixture), IClassFixture<PostgresHost>;
