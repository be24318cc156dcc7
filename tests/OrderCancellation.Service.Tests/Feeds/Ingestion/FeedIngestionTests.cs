using System.Net;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>Feeds over HTTP through the in-process consumer to the orders: each type applied, each kind of refusal reported.</summary>
public abstract class FeedIngestionTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task An_acknowledgement_feed_cancels_whole_orders_and_whole_items_and_is_DONE()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 2, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = "order-id\tamazon-order-item-code\tcancellation-reason-code\n" +
                      $"{ids[0]}\t\tnoinventory\n" +
                      $"{ids[1]}\tL1\tPricingError\n";

        var feed = await WaitForEndAsync(seller, await SubmitAsync(seller, Ack, content));

        Assert.Equal("DONE", Status(feed));
        Assert.Equal((2, 2, 0, 0), Summary(feed));
        Assert.True(feed.TryGetProperty("processingStartTime", out _) && feed.TryGetProperty("processingEndTime", out _));
        var whole = await FeedOrders.GetAsync(Host, ids[0]);
        Assert.Equal(OrderStatus.Canceled, whole.OrderStatus);
        Assert.Equal("NoInventory", Assert.Single(whole.Cancellations).Reason);
        var item = await FeedOrders.GetAsync(Host, ids[1]);
        Assert.Equal(OrderStatus.Unshipped, item.OrderStatus);
        Assert.Equal([2, 0], item.Lines.Select(l => l.QuantityCanceled));
        var cancellation = Assert.Single(item.Cancellations);
        Assert.Equal((ActorRole.Seller, "PricingError"), (cancellation.By, cancellation.Reason));
        Assert.Empty(TsvRows(await ReportTsvAsync(seller, feed.GetProperty("feedId").GetString()!)));
    }

    [Fact]
    public async Task A_payment_adjustment_feed_cancels_quantities_and_CustomerCancel_is_BuyerCanceled()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\titem-price-adj\n" +
                      $"{ids[0]}\tL1\tCustomerCancel\t1\t-10.00\n";

        var feed = await WaitForEndAsync(seller, await SubmitAsync(seller, Adjustment, content));

        Assert.Equal(("DONE", (1L, 1L, 0L, 0L)), (Status(feed), Summary(feed)));
        var order = await FeedOrders.GetAsync(Host, ids[0]);
        Assert.Equal([1, 0], order.Lines.Select(l => l.QuantityCanceled));
        Assert.Equal("BuyerCanceled", Assert.Single(order.Cancellations).Reason);
    }

    [Fact]
    public async Task A_json_feed_accepts_the_XSD_reasons_in_any_case_and_line_quantities()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 2, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = $$"""
            {"messages":[
              {"messageId":1,"orderId":"{{ids[0]}}","reason":"carriercreditdecision","lines":[{"lineId":"L1","quantity":1},{"lineId":"L2"}]},
              {"messageId":2,"orderId":"{{ids[1]}}","reason":"GeneralAdjustment"}
            ]}
            """;

        var feed = await WaitForEndAsync(seller, await SubmitAsync(seller, Json, content));

        Assert.Equal(("DONE", (2L, 2L, 0L, 0L)), (Status(feed), Summary(feed)));
        var partial = await FeedOrders.GetAsync(Host, ids[0]);
        Assert.Equal([1, 1], partial.Lines.Select(l => l.QuantityCanceled));
        Assert.Equal("CarrierCreditDecision", Assert.Single(partial.Cancellations).Reason);
        Assert.Equal(OrderStatus.Canceled, (await FeedOrders.GetAsync(Host, ids[1])).OrderStatus);
    }

    [Fact]
    public async Task Each_refused_record_is_a_report_row_with_the_domain_code_and_the_rest_of_the_feed_goes_on()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 6, sellerId);
        var strangers = await FeedOrders.PlaceAsync(Host, NewSeller(), 1, $"{sellerId}-x");
        var pending = await Host.PlaceAsync(OrderApi.Order(sellerId: sellerId), verifyPayment: false);
        using var seller = Host.As(Roles.Seller, sellerId);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{ids[1]}/shipments", new { lines = new[] { new { lineId = "L1", quantity = 2 } } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{ids[2]}/shipping-label", new { action = "Purchased" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{ids[3]}/cancel", new { reason = "NoInventory" })).Status);
        var content = "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n" +
                      $"{strangers[0]}\tL1\tNoInventory\t1\n" +  // 1 another seller's order: as missing (§7)
                      "no-such-order\tL1\tNoInventory\t1\n" +      // 2
                      $"{ids[0]}\tL1\tExchange\t1\n" +             // 3 parser: not an adjustment reason
                      $"{ids[1]}\tL1\tNoInventory\t1\n" +          // 4 shipped
                      $"{ids[2]}\tL1\tNoInventory\t1\n" +          // 5 label purchased
                      $"{ids[3]}\tL1\tNoInventory\t1\n" +          // 6 canceled
                      $"{pending}\tL1\tNoInventory\t1\n" +         // 7 pending payment
                      $"{ids[4]}\tL1\tNoInventory\t3\n" +          // 8 more than ordered
                      $"{ids[4]}\tL9\tNoInventory\t1\n" +          // 9 no such line
                      $"{ids[5]}\tL1\tNoInventory\t1\n";           // 10 fine

        var feedId = await SubmitAsync(seller, Adjustment, content);
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal(("DONE", (10L, 1L, 9L, 0L)), (Status(feed), Summary(feed)));
        var expected = new[]
        {
            ("1", strangers[0], "order-not-found"), ("2", "no-such-order", "order-not-found"), ("3", ids[0], "invalid-reason"),
            ("4", ids[1], "order-shipped"), ("5", ids[2], "label-purchased"), ("6", ids[3], "order-canceled"),
            ("7", pending, "payment-pending"), ("8", ids[4], "quantity-not-cancelable"), ("9", ids[4], "line-not-found"),
        };
        var rows = TsvRows(await ReportTsvAsync(seller, feedId));
        Assert.Equal(expected, rows.Select(r => (r.Record, r.OrderId, r.Code)));
        Assert.All(rows, r => Assert.Equal("Error", r.Type));
        var json = await ReportJsonAsync(seller, feedId);
        Assert.Equal(expected, json.GetProperty("errors").EnumerateArray().Select(e =>
            (e.GetProperty("originalRecordNumber").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("orderId").GetString()!, e.GetProperty("errorCode").GetString()!)));
        Assert.Equal([1, 0], (await FeedOrders.GetAsync(Host, ids[5])).Lines.Select(l => l.QuantityCanceled));
        Assert.Empty((await FeedOrders.GetAsync(Host, strangers[0])).Cancellations);
    }

    [Fact]
    public async Task A_reason_the_seller_may_not_give_is_invalid_reason_from_the_domain()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);

        var feedId = await SubmitAsync(seller, Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{ids[0]}\t\tPaymentDeclined\n");
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal((1, 0, 1, 0), Summary(feed));
        Assert.Equal("invalid-reason", Assert.Single(TsvRows(await ReportTsvAsync(seller, feedId))).Code);
    }

    [Fact]
    public async Task A_json_feed_cut_off_mid_stream_applies_the_records_before_the_break_and_is_FATAL()
    {
        var sellerId = NewSeller();
        var ids = await FeedOrders.PlaceAsync(Host, sellerId, 1, sellerId);
        using var seller = Host.As(Roles.Seller, sellerId);

        var feedId = await SubmitAsync(seller, Json, $$"""{"messages":[{"messageId":1,"orderId":"{{ids[0]}}","reason":"NoInventory"},{"messageId":2,"orderId":""");
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal("FATAL", Status(feed));
        Assert.Equal((1, 1, 0, 0), Summary(feed));
        Assert.Contains("invalid-json", feed.GetProperty("fatalReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Canceled, (await FeedOrders.GetAsync(Host, ids[0])).OrderStatus);
    }
}

public sealed class SqliteFeedIngestionTests(SqliteHost fixture) : FeedIngestionTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresFeedIngestionTests(PostgresHost fixture) : FeedIngestionTests(fixture), IClassFixture<PostgresHost>;
