using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

public static partial class OrderDecider
{
    /// <summary>Applies one event. <paramref name="state"/> is null until the order is placed.</summary>
    public static OrderState Evolve(OrderState? state, OrderEvent @event) => (state, @event) switch
    {
        (null, E.OrderPlaced p) => Placed(p),
        (null, _) => throw new InvalidOperationException($"{@event.EventType} before the order was placed."),
        (_, E.OrderPlaced) => throw new InvalidOperationException("The order was already placed."),
        (_, E.PaymentVerified) => state with { PaymentVerified = true },
        (_, E.ShippingLabelPurchased) => state with { ShippingLabelPurchased = true },
        (_, E.ShippingLabelVoided) => state with { ShippingLabelPurchased = false },
        (_, E.FulfillmentStageChanged f) => state with { FulfillmentStage = f.Stage },
        (_, E.ShipmentConfirmed s) => state with { Lines = Adjust(state.Lines, s.Lines, (l, q) => l with { QuantityShipped = l.QuantityShipped + q }) },
        (_, E.LinesCanceled c) => state with
        {
            Lines = Adjust(state.Lines, c.Lines, (l, q) => l with { QuantityCanceled = l.QuantityCanceled + q }),
            Cancellations = [.. state.Cancellations, new Cancellation(c.By.Role, c.Reason, c.Lines, c.At, c.CountsAgainstSeller, c.Restock, c.Note)],
        },
        (_, E.CancellationRequested r) => state with { CancellationRequest = new(r.RequestId, r.Lines, r.Reason, r.At, RequestStatus.Open) },
        (_, E.CancellationRequestClosed r) => state with { CancellationRequest = state.CancellationRequest! with { Status = r.Status, SellerMessage = r.SellerMessage } },
        (_, E.CancellationAttemptStarted a) => state with { CancellationAttempt = new(a.Lines, a.Reason, a.At, a.Deadline, AttemptStatus.Open) },
        (_, E.CancellationAttemptResolved a) => state with { CancellationAttempt = state.CancellationAttempt! with { Status = a.Status } },
        (_, E.BuyerCancelWindowClosed) => state with { BuyerCancelWindowClosed = true },
        (_, E.AutoCancelWarned) => state with { AutoCancelWarningSent = true },
        (_, E.ActivityFailed f) => state with { FailedActivities = [.. state.FailedActivities, new ActivityFailure(f.Name, f.Detail, f.At)] },
        _ => throw new InvalidOperationException($"Unknown event {@event.EventType}."),
    };

    /// <summary>Folds events over a state (replaying history, or previewing a decision).</summary>
    public static OrderState? Evolve(OrderState? state, IEnumerable<OrderEvent> events) =>
        events.Aggregate(state, (s, e) => Evolve(s, e));

    private static OrderState Placed(E.OrderPlaced p) => new()
    {
        OrderId = p.OrderId,
        MarketplaceId = p.MarketplaceId,
        BuyerId = p.BuyerId,
        SellerId = p.SellerId,
        FulfillmentChannel = p.FulfillmentChannel,
        PurchaseDate = p.PurchaseDate,
        LatestShipDate = p.LatestShipDate,
        PaymentVerified = !p.FulfillmentChannel.HasMarketplacePayment(), // an MCF order starts Unshipped
        Lines = [.. p.Lines.Select(LineState.From)],
        FulfillmentStage = p.FulfillmentChannel == FulfillmentChannel.Merchant ? null : FulfillmentStage.Received,
        Deadlines = p.Deadlines,
    };

    private static IReadOnlyList<LineState> Adjust(IReadOnlyList<LineState> lines, IReadOnlyList<LineQuantity> changes, Func<LineState, int, LineState> apply) =>
        [.. lines.Select(l => changes.Where(c => c.LineId == l.LineId).Aggregate(l, (acc, c) => apply(acc, c.Quantity)))];
}
