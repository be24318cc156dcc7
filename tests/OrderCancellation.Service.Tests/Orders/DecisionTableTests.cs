using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>§4.3, row by row, through HTTP: each test names its row.</summary>
public abstract class DecisionTableTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private HttpClient Buyer() => Host.As("buyer", "B1");

    private HttpClient Seller() => Host.As("seller", "S1");

    [Fact]
    public async Task Row1_any_cancel_of_a_canceled_order_is_409_order_canceled()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();
        using var marketplace = Host.AsMarketplace();
        await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        var again = await marketplace.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "GeneralAdjustment" });

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("order-canceled", again.Code);
    }

    [Fact]
    public async Task Row2_a_shipped_quantity_is_409_order_shipped_and_an_already_canceled_one_is_422()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L2", quantity = 1 } } })).Status);
        Assert.Equal("PartiallyCanceled", (await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 1 } } })).Outcome);

        var shipped = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L2", quantity = 1 } } });
        var tooMuch = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 2 } } });

        Assert.Equal(HttpStatusCode.Conflict, shipped.Status);
        Assert.Equal("order-shipped", shipped.Code);
        Assert.Contains("refuse the delivery or return it for a refund", shipped.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.Status);
        Assert.Equal("quantity-not-cancelable", tooMuch.Code);
    }

    [Fact]
    public async Task Row3_a_buyer_cannot_cancel_a_multichannel_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"));
        using var buyer = Buyer();

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("not-allowed", answer.Code);
    }

    [Fact]
    public async Task Row4_a_buyer_cancels_a_pending_order_now_even_after_the_window_and_it_does_not_count()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(purchaseDate: DateTimeOffset.UtcNow.AddHours(-2)), verifyPayment: false);
        using var buyer = Buyer();

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
        Assert.False((await Host.OrderAsync(id)).GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean()); // not in the buyer's view
    }

    [Fact]
    public async Task Row5_a_buyer_after_the_window_of_a_merchant_order_gets_a_request_to_the_seller()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(purchaseDate: DateTimeOffset.UtcNow.AddHours(-1)));
        using var buyer = Buyer();

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "Found it cheaper" });
        var repeat = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "Found it cheaper" });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("CancellationRequested", answer.Outcome);
        Assert.Equal("Unshipped", answer.OrderStatus);
        var request = answer.Order.GetProperty("cancellationRequest");
        Assert.Equal("Open", request.GetProperty("status").GetString());
        Assert.Equal("Found it cheaper", request.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Accepted, repeat.Status);
        Assert.Equal("CancellationRequested", repeat.Outcome);
        Assert.Equal(1, await Host.CountEventsAsync(id, "CancellationRequested"));
        var notice = await Host.NotificationEventuallyAsync(id, n => n.GetProperty("recipient").GetString() == "seller:S1");
        Assert.Equal("Order cancellation request from Amazon customer", notice.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Row6_a_buyer_cancel_of_a_merchant_order_with_a_label_becomes_an_attempt()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();
        using var buyer = Buyer();
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" })).Status);

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("AttemptingToCancel", answer.Outcome);
        var attempt = answer.Order.GetProperty("cancellationAttempt");
        Assert.Equal("Open", attempt.GetProperty("status").GetString());
        Assert.True(attempt.GetProperty("deadline").GetDateTimeOffset() > attempt.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Contains("CancellationAttemptTimeout", await PendingTimersAsync(id));
    }

    [Fact]
    public async Task Row6_a_buyer_cancel_of_an_amazon_order_in_processing_becomes_an_attempt()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "Amazon"));
        using var marketplace = Host.AsMarketplace();
        using var buyer = Buyer();
        Assert.Equal(HttpStatusCode.OK, (await marketplace.PostApiAsync($"/api/orders/{id}/fulfillment-stage", new { stage = "Processing" })).Status);

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("AttemptingToCancel", answer.Outcome);
    }

    [Fact]
    public async Task Row7_a_buyer_cancels_an_amazon_order_before_processing_now_whatever_the_time()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "Amazon", purchaseDate: DateTimeOffset.UtcNow.AddHours(-3)));
        using var buyer = Buyer();

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
    }

    [Fact]
    public async Task Row7_a_buyer_cancels_some_items_of_a_merchant_order_within_the_window()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Buyer();

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { lines = new[] { new { lineId = "L1", quantity = 1 } } });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("PartiallyCanceled", answer.Outcome);
        Assert.Equal(1, answer.Order.GetProperty("lines")[0].GetProperty("quantityCanceled").GetInt32());
        Assert.Equal("Unshipped", answer.OrderStatus);
    }

    [Fact]
    public async Task Row8_a_seller_cannot_cancel_a_pending_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(), verifyPayment: false);
        using var seller = Seller();

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("payment-pending", answer.Code);
    }

    [Fact]
    public async Task Row9_a_seller_cannot_cancel_an_fba_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "Amazon"));
        using var seller = Seller();

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("fba-order", answer.Code);
    }

    [Fact]
    public async Task Row10_a_seller_cancels_a_multichannel_order_in_planning()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"));
        using var marketplace = Host.AsMarketplace();
        using var seller = Seller();
        await marketplace.PostApiAsync($"/api/orders/{id}/fulfillment-stage", new { stage = "Planning" });

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
        Assert.False(answer.Order.GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean());
    }

    [Fact]
    public async Task Row11_a_seller_cannot_cancel_a_multichannel_order_in_processing()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"));
        using var marketplace = Host.AsMarketplace();
        using var seller = Seller();
        await marketplace.PostApiAsync($"/api/orders/{id}/fulfillment-stage", new { stage = "Processing" });

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("fulfillment-processing", answer.Code);
    }

    [Fact]
    public async Task Row12_a_seller_must_void_a_purchased_label_before_cancelling()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();
        await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" });

        var refused = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });
        await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Voided" });
        var canceled = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("label-purchased", refused.Code);
        Assert.Equal("Canceled", canceled.Outcome);
    }

    [Fact]
    public async Task Row12_a_seller_cancel_answers_an_open_attempt_which_succeeds()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();
        using var buyer = Buyer();
        await seller.PostApiAsync($"/api/orders/{id}/shipping-label", new { action = "Purchased" });
        Assert.Equal("AttemptingToCancel", (await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { })).Outcome);

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "BuyerCanceled" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
        Assert.Equal("Succeeded", answer.Order.GetProperty("cancellationAttempt").GetProperty("status").GetString());
        Assert.False(answer.Order.GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean());
        Assert.DoesNotContain("CancellationAttemptTimeout", await PendingTimersAsync(id));
    }

    [Fact]
    public async Task Row13_a_seller_cancels_a_merchant_order_and_it_counts_against_them()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
        var cancellation = answer.Order.GetProperty("cancellations")[0];
        Assert.Equal("Seller", cancellation.GetProperty("by").GetString());
        Assert.Equal("NoInventory", cancellation.GetProperty("reason").GetString());
        Assert.True(cancellation.GetProperty("countsAgainstSeller").GetBoolean());
        Assert.False(cancellation.GetProperty("restock").GetBoolean());
    }

    [Fact]
    public async Task Row13_a_seller_accepting_an_open_buyer_request_with_BuyerCanceled_does_not_count()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(purchaseDate: DateTimeOffset.UtcNow.AddHours(-1)));
        using var seller = Seller();
        using var buyer = Buyer();
        Assert.Equal("CancellationRequested", (await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { })).Outcome);

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "BuyerCanceled" });

        Assert.Equal("Canceled", answer.Outcome);
        Assert.Equal("Approved", answer.Order.GetProperty("cancellationRequest").GetProperty("status").GetString());
        Assert.False(answer.Order.GetProperty("cancellations")[0].GetProperty("countsAgainstSeller").GetBoolean());
        Assert.True(answer.Order.GetProperty("cancellations")[0].GetProperty("restock").GetBoolean());
    }

    [Fact]
    public async Task Row14_support_cancels_an_amazon_order_before_processing_but_not_a_merchant_order()
    {
        var amazon = await Host.PlaceAsync(OrderApi.Order(channel: "Amazon"));
        var merchant = await Host.PlaceAsync(OrderApi.Order());
        using var support = Host.As("support", "SUP1");

        var canceled = await support.PostApiAsync($"/api/orders/{amazon}/cancel", new { reason = "GeneralAdjustment" });
        var refused = await support.PostApiAsync($"/api/orders/{merchant}/cancel", new { reason = "GeneralAdjustment" });

        Assert.Equal(HttpStatusCode.OK, canceled.Status);
        Assert.Equal("Canceled", canceled.Outcome);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("not-allowed", refused.Code);
    }

    [Fact]
    public async Task Row15_the_marketplace_cancels_a_pending_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(), verifyPayment: false);
        using var marketplace = Host.AsMarketplace();

        var answer = await marketplace.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "RiskAssessmentInformationNotValid" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
        Assert.Equal("Marketplace", answer.Order.GetProperty("cancellations")[0].GetProperty("by").GetString());
    }

    [Fact]
    public async Task An_unknown_seller_reason_is_422_invalid_reason()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Seller();

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "CarrierCoverageFailure" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("invalid-reason", answer.Code);
    }

    private async Task<string[]> PendingTimersAsync(string id)
    {
        using var marketplace = Host.AsMarketplace();
        var status = await marketplace.GetApiAsync($"/runtime/instances/{id}");
        return [.. status.Json.GetProperty("pendingTimers").EnumerateArray().Select(a => a.GetProperty("name").GetString()!)];
    }
}

public sealed class DecisionTableSqliteTests(SqliteHost fixture) : DecisionTableTests(fixture), IClassFixture<SqliteHost>;

public sealed class DecisionTablePostgresTests(PostgresHost fixture) : DecisionTableTests(fixture), IClassFixture<PostgresHost>;

/// <summary>The same tests on DTFx's Azure Storage provider (Azurite), as the Functions host runs them.</summary>
public sealed class DecisionTableAzureStorageTests(AzureStorageBackendHost fixture) : DecisionTableTests(fixture), IClassFixture<AzureStorageBackendHost>;
