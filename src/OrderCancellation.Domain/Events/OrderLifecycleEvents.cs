using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Events;

public abstract partial record OrderEvent
{
    public sealed record OrderPlaced(
        DateTimeOffset At,
        string OrderId,
        string MarketplaceId,
        string BuyerId,
        string SellerId,
        FulfillmentChannel FulfillmentChannel,
        DateTimeOffset PurchaseDate,
        DateTimeOffset LatestShipDate,
        IReadOnlyList<OrderLine> Lines,
        OrderDeadlines Deadlines) : OrderEvent(At);

    public sealed record PaymentVerified(DateTimeOffset At) : OrderEvent(At);

    public sealed record ShippingLabelPurchased(DateTimeOffset At) : OrderEvent(At);

    public sealed record ShippingLabelVoided(DateTimeOffset At) : OrderEvent(At);

    public sealed record FulfillmentStageChanged(DateTimeOffset At, FulfillmentStage Stage) : OrderEvent(At);

    public sealed record ShipmentConfirmed(
        DateTimeOffset At,
        IReadOnlyList<LineQuantity> Lines,
        string? Carrier,
        string? TrackingId) : OrderEvent(At);

    /// <summary>Quantities were cancelled (a whole order is just every cancelable quantity).</summary>
    public sealed record LinesCanceled(
        DateTimeOffset At,
        Actor By,
        string? Reason,
        IReadOnlyList<LineQuantity> Lines,
        bool CountsAgainstSeller,
        bool Restock,
        string? Note) : OrderEvent(At);

    public sealed record BuyerCancelWindowClosed(DateTimeOffset At) : OrderEvent(At);

    public sealed record AutoCancelWarned(DateTimeOffset At) : OrderEvent(At);

    public sealed record ActivityFailed(DateTimeOffset At, string Name, string Detail) : OrderEvent(At);
}
