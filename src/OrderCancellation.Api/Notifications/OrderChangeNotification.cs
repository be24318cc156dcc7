using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// The SP-API <c>ORDER_CHANGE</c> notification (Notifications API schema <c>OrderChangeNotification</c>, version 1.0),
/// with its PascalCase field names, built from the order's state. The summary carries what this service knows;
/// SP-API fields it has no data for (delivery dates, postal code, programs) are left out.
/// </summary>
public static class OrderChangeNotification
{
    public const string NotificationType = "ORDER_CHANGE";
    public const string ApplicationId = "order-cancellation";

    /// <summary>SP-API field names as they are (PascalCase), times in UTC with a Z, enums as names.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="notificationId">The id of the activity that publishes it (stable across retries).</param>
    /// <param name="publishedAt">When it was first published.</param>
    public static string Build(string notificationId, OrderState order, Activity.PublishOrderChange change, DateTimeOffset publishedAt)
    {
        var changedAt = TimeOfChange(order, change, publishedAt);
        var requested = order.CancellationRequest is { IsOpen: true } request ? request.Lines.Select(l => l.LineId).ToHashSet(StringComparer.Ordinal) : [];
        var envelope = new Envelope(
            "1.0",
            NotificationType,
            "1.0",
            changedAt.UtcDateTime,
            new Payload(new Body(
                "OrderLevel",
                order.SellerId,
                order.OrderId,
                change.ChangeType,
                new Trigger(changedAt.UtcDateTime, change.ChangeReason),
                new Summary(
                    order.MarketplaceId,
                    change.OrderStatus,
                    order.PurchaseDate.UtcDateTime,
                    order.FulfillmentChannel == FulfillmentChannel.Merchant ? "MFN" : "AFN",
                    "StandardOrder",
                    order.Lines.Sum(l => l.QuantityShipped),
                    order.Lines.Sum(l => l.QuantityCancelable),
                    order.LatestShipDate.UtcDateTime,
                    [.. order.Lines.Select(l => new Item(l.LineId, l.Sku, ItemStatus(order, l), l.Quantity, l.QuantityShipped, l.QuantityCanceled, requested.Contains(l.LineId)))]))),
            new Metadata(ApplicationId, null, publishedAt.UtcDateTime, notificationId));
        return JsonSerializer.Serialize(envelope, Json);
    }

    /// <summary>The body as one subscription receives it: <c>NotificationMetadata.SubscriptionId</c> set to its id.</summary>
    public static byte[] ForSubscription(string body, string subscriptionId)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["NotificationMetadata"]!.AsObject()["SubscriptionId"] = subscriptionId;
        return JsonSerializer.SerializeToUtf8Bytes(node, Json);
    }

    /// <summary>
    /// When the change happened, as far as the state tells: the open request's time for a buyer request, the
    /// latest cancellation's for a cancel; otherwise when the change was first published.
    /// </summary>
    private static DateTimeOffset TimeOfChange(OrderState order, Activity.PublishOrderChange change, DateTimeOffset publishedAt) => change switch
    {
        { ChangeType: OrderChangeType.BuyerRequestedChange } when order.CancellationRequest is { } request => request.RequestedAt,
        { OrderStatus: OrderStatus.Canceled } when order.Cancellations.Count > 0 => order.Cancellations.Max(c => c.At),
        _ => publishedAt,
    };

    private static string ItemStatus(OrderState order, LineState line) => line switch
    {
        _ when line.QuantityCanceled == line.Quantity => "Canceled",
        { QuantityCancelable: 0 } => "Shipped",
        { QuantityShipped: > 0 } => "PartiallyShipped",
        _ when !order.PaymentVerified => "Pending",
        _ => "Unshipped",
    };

    private sealed record Envelope(string NotificationVersion, string NotificationType, string PayloadVersion, DateTime EventTime, Payload Payload, Metadata NotificationMetadata);

    private sealed record Payload(Body OrderChangeNotification);

    private sealed record Body(string NotificationLevel, string SellerId, string AmazonOrderId, OrderChangeType OrderChangeType, Trigger OrderChangeTrigger, Summary Summary);

    private sealed record Trigger(DateTime TimeOfOrderChange, string ChangeReason);

    private sealed record Summary(
        string MarketplaceId,
        OrderStatus OrderStatus,
        DateTime PurchaseDate,
        string FulfillmentType,
        string OrderType,
        int NumberOfItemsShipped,
        int NumberOfItemsUnshipped,
        DateTime LatestShipDate,
        IReadOnlyList<Item> OrderItems);

    private sealed record Item(string OrderItemId, string SellerSKU, string OrderItemStatus, int Quantity, int QuantityShipped, int QuantityCanceled, bool IsBuyerRequestedCancel);

    private sealed record Metadata(string ApplicationId, string? SubscriptionId, DateTime PublishTime, string NotificationId);
}
