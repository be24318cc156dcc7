using System.Globalization;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// The searchable tags of an order instance, replaced on every step that changes the order.
/// Lists filter on them (AND, keyset-paged by order id); the Cancellation Rate reads one tag per
/// purchase day of a seller's Merchant orders, so it never scans the seller's whole history.
/// </summary>
public static class OrderTags
{
    public const string SellerId = "sellerId";
    public const string MarketplaceId = "marketplaceId";
    public const string OrderStatus = "orderStatus";
    public const string BuyerRequestedCancel = "buyerRequestedCancel";
    public const string FulfillmentChannel = "fulfillmentChannel";

    /// <summary><c>{sellerId}/{orderStatus}</c>: a seller's Manage Orders filtered by status starts from that seller's orders.</summary>
    public const string SellerOrderStatus = "sellerOrderStatus";

    /// <summary><c>{sellerId}/{true|false}</c>: a seller's orders with (or without) an unanswered buyer cancellation.</summary>
    public const string SellerBuyerRequestedCancel = "sellerBuyerRequestedCancel";

    /// <summary><c>{sellerId}/{yyyy-MM-dd}</c> of the purchase date (UTC), Merchant orders only: the Cancellation Rate's lookup.</summary>
    public const string MerchantPurchaseDay = "merchantPurchaseDay";

    public static IReadOnlyDictionary<string, string> For(OrderState order)
    {
        var of = Inputs.Of(order);
        var status = of.Status.ToString();
        var requested = Bool(of.Requested);
        var tags = new Dictionary<string, string>(8, StringComparer.Ordinal)
        {
            [SellerId] = of.Seller,
            [MarketplaceId] = of.Marketplace,
            [OrderStatus] = status,
            [BuyerRequestedCancel] = requested,
            [FulfillmentChannel] = of.Channel.ToString(),
            [SellerOrderStatus] = Combine(of.Seller, status),
            [SellerBuyerRequestedCancel] = Combine(of.Seller, requested),
        };
        if (of.Channel == Domain.Model.FulfillmentChannel.Merchant)
        {
            tags[MerchantPurchaseDay] = PurchaseDay(of.Seller, of.PurchaseDate);
        }

        return tags;
    }

    /// <summary>SP-API's BuyerRequestedCancel: the buyer asked to cancel and nobody has answered yet (an open request or attempt).</summary>
    public static bool BuyerRequested(OrderState order) =>
        order.CancellationRequest is { IsOpen: true } || order.CancellationAttempt is { IsOpen: true };

    public static string PurchaseDay(string sellerId, DateTimeOffset purchaseDate) =>
        Combine(sellerId, purchaseDate.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static string Combine(string sellerId, string value) => $"{sellerId}/{value}";

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Everything <see cref="For"/> reads from an order: the tags are a function of these alone.</summary>
    private readonly record struct Inputs(
        string Seller, string Marketplace, Domain.Model.OrderStatus Status, bool Requested, Domain.Model.FulfillmentChannel Channel, DateTimeOffset PurchaseDate)
    {
        public static Inputs Of(OrderState order) =>
            new(order.SellerId, order.MarketplaceId, order.OrderStatus, BuyerRequested(order), order.FulfillmentChannel, order.PurchaseDate);
    }
}
