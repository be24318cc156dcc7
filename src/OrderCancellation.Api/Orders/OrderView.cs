using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Api.Orders;

/// <summary>The order as the API shows it (§5 "order" shape; the field names are the contract).</summary>
public sealed record OrderView(
    string OrderId,
    string MarketplaceId,
    string BuyerId,
    string SellerId,
    FulfillmentChannel FulfillmentChannel,
    OrderStatus OrderStatus,
    FulfillmentStage? FulfillmentStage,
    bool ShippingLabelPurchased,
    DateTimeOffset PurchaseDate,
    DateTimeOffset LatestShipDate,
    DateTimeOffset? BuyerCancelWindowEndsAt,
    DateTimeOffset? AutoCancelAt,
    IReadOnlyList<OrderLineView> Lines,
    CancellationRequestView? CancellationRequest,
    CancellationAttemptView? CancellationAttempt,
    IReadOnlyList<CancellationView> Cancellations,
    IReadOnlyList<OrderAction> AllowedActions,
    long Version)
{
    /// <summary>
    /// The view of <paramref name="order"/> at <paramref name="version"/> for <paramref name="caller"/>: what they may do at
    /// <paramref name="now"/>, and for a buyer without what is the seller's business (<see cref="OrderPrivacy"/>).
    /// </summary>
    public static OrderView Of(OrderState order, long version, Actor caller, DateTimeOffset now, CancellationPolicy policy) => new(
        order.OrderId,
        order.MarketplaceId,
        order.BuyerId,
        order.SellerId,
        order.FulfillmentChannel,
        order.OrderStatus,
        order.FulfillmentStage,
        order.ShippingLabelPurchased,
        order.PurchaseDate,
        order.LatestShipDate,
        order.Deadlines.BuyerCancelWindowEndsAt,
        order.Deadlines.AutoCancelAt,
        [.. order.Lines.Select(l => new OrderLineView(l.LineId, l.Sku, l.Quantity, l.QuantityShipped, l.QuantityCanceled, l.UnitPrice))],
        order.CancellationRequest is { } r ? new CancellationRequestView(r.RequestId, r.Lines, r.Reason, r.RequestedAt, r.Status, r.SellerMessage) : null,
        order.CancellationAttempt is { } a ? new CancellationAttemptView(a.Lines, a.StartedAt, a.Deadline, a.Status, a.Reason) : null,
        [.. order.Cancellations.Select(c => OrderPrivacy.View(c, caller))],
        Domain.Decisions.AllowedActions.For(order, caller, now, policy),
        version);
}

public sealed record OrderLineView(string LineId, string Sku, int Quantity, int QuantityShipped, int QuantityCanceled, Money UnitPrice);

public sealed record CancellationRequestView(
    string RequestId, IReadOnlyList<LineQuantity> Lines, string? Reason, DateTimeOffset RequestedAt, RequestStatus Status, string? SellerMessage);

public sealed record CancellationAttemptView(
    IReadOnlyList<LineQuantity> Lines, DateTimeOffset StartedAt, DateTimeOffset Deadline, AttemptStatus Status, string? Reason);

/// <param name="CountsAgainstSeller">Null (left out) in a buyer's view.</param>
/// <param name="Note">In a buyer's view, only a note the buyer wrote.</param>
public sealed record CancellationView(
    ActorRole By, string? Reason, IReadOnlyList<LineQuantity> Lines, DateTimeOffset At, bool? CountsAgainstSeller, bool Restock, string? Note);

/// <summary>The answer to a command on an order (§5 cancel answer; the other commands answer the same way with <c>Accepted</c>).</summary>
public sealed record CommandAnswer(Outcome Outcome, OrderView Order);
