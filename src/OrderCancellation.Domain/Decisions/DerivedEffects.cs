using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>The activities that follow from events alone (§4.6).</summary>
internal static class DerivedEffects
{
    /// <summary>
    /// Capture what ships, when it ships. Release every cancelled amount once, when the order completes
    /// (its last open quantity ships or is cancelled): at once for a full cancel before any shipment,
    /// after the last shipment for a partly shipped order.
    /// </summary>
    public static IEnumerable<Activity> Money(OrderState? before, OrderState after, IReadOnlyList<OrderEvent> events)
    {
        foreach (var shipment in events.OfType<E.ShipmentConfirmed>())
        {
            yield return new Activity.CapturePayment(AmountOf(after, shipment.Lines));
        }

        var canceled = after.CanceledAmount();
        if (before is { IsOpen: true } && !after.IsOpen && canceled.Amount > 0)
        {
            yield return new Activity.ReleaseAuthorization(canceled);
        }
    }

    public static IEnumerable<Activity> Restocks(OrderState order, IReadOnlyList<OrderEvent> events) =>
        from c in events.OfType<E.LinesCanceled>()
        where c.Restock
        from line in c.Lines
        select new Activity.Restock(order.Line(line.LineId)!.Sku, line.Quantity);

    /// <summary>
    /// ORDER_CHANGE: one OrderStatusChange when the status moved (its reason the first event that moved it), one
    /// BuyerRequestedChange when a request or attempt opened or closed. <see cref="DecisionDraft"/> notes both as it
    /// adds the events.
    /// </summary>
    public static IEnumerable<Activity> OrderChanges(OrderState? before, OrderState after, string? statusMovedBy, bool buyerRequestChanged)
    {
        if (before is null)
        {
            yield break;
        }

        if (statusMovedBy is not null && after.OrderStatus != before.OrderStatus)
        {
            yield return new Activity.PublishOrderChange(OrderChangeType.OrderStatusChange, after.OrderStatus, statusMovedBy);
        }

        if (buyerRequestChanged)
        {
            yield return new Activity.PublishOrderChange(OrderChangeType.BuyerRequestedChange, after.OrderStatus, "Buyer Requested Cancel");
        }
    }

    /// <summary>Whether <paramref name="event"/> opens or closes a buyer's cancellation request or attempt.</summary>
    public static bool ChangesBuyerRequest(OrderEvent @event) =>
        @event is E.CancellationRequested or E.CancellationRequestClosed or E.CancellationAttemptStarted or E.CancellationAttemptResolved;

    public static Money AmountOf(OrderState order, IReadOnlyList<LineQuantity> lines)
    {
        var currency = order.Lines[0].UnitPrice.CurrencyCode;
        return new Money(lines.Sum(l => order.Line(l.LineId)!.UnitPrice.Amount * l.Quantity), currency);
    }
}
