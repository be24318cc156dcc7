using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Model;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages.Tests;

/// <summary>Manage Orders' filters on one order (the read model's scan itself runs in the browser tests).</summary>
public sealed class SellerOrderSearchTests
{
    private static readonly OrderState Order = new()
    {
        OrderId = "111-0000001-0000001", MarketplaceId = "ATVPDKIKX0DER", BuyerId = "B1", SellerId = "S1",
        FulfillmentChannel = FulfillmentChannel.Merchant, PurchaseDate = new DateTimeOffset(2026, 11, 10, 23, 30, 0, TimeSpan.Zero),
        LatestShipDate = new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero), PaymentVerified = true,
        Lines = [new LineState("L1", "SKU-A", 2, new Money(1m, "USD")), new LineState("L2", "SKU-B", 1, new Money(1m, "USD"))],
        Deadlines = new OrderDeadlines(null, null, null, null),
    };

    [Fact]
    public void An_order_matches_its_buyer_any_of_its_skus_and_a_purchase_day_range_that_holds_its_day()
    {
        Assert.True(SellerOrderSearch.Matches(Order, new SellerOrderFilter(BuyerId: "B1", Sku: "sku-b", PurchasedFrom: new(2026, 11, 10), PurchasedTo: new(2026, 11, 10))));
        Assert.True(SellerOrderSearch.Matches(Order, new SellerOrderFilter(Status: OrderStatus.Unshipped)));
    }

    [Fact]
    public void An_order_does_not_match_another_buyer_a_sku_it_lacks_a_range_outside_its_day_or_an_open_request_it_has_not()
    {
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(BuyerId: "B2")));
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(Sku: "SKU-C")));
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(PurchasedFrom: new(2026, 11, 11))));
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(PurchasedTo: new(2026, 11, 9))));
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(BuyerRequestedCancel: true)));
        Assert.False(SellerOrderSearch.Matches(Order, new SellerOrderFilter(Status: OrderStatus.Canceled)));
    }

    [Fact]
    public void The_scan_starts_from_the_sellers_combined_tags_when_a_status_or_the_request_filter_is_given()
    {
        Assert.Equal(new Dictionary<string, string> { [OrderTags.SellerId] = "S1" }, SellerOrderSearch.Tags("S1", new SellerOrderFilter(Sku: "SKU-A")));
        Assert.Equal(
            new Dictionary<string, string> { [OrderTags.SellerBuyerRequestedCancel] = "S1/true", [OrderTags.SellerOrderStatus] = "S1/Unshipped" },
            SellerOrderSearch.Tags("S1", new SellerOrderFilter(Status: OrderStatus.Unshipped, BuyerRequestedCancel: true)));
    }
}
