using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>PaymentVerified moves Pending to Unshipped; PaymentDeclined cancels the order, not counted (§4.4).</summary>
internal static class PaymentDecision
{
    public static Decision Decide(OrderCommand.Payment c, OrderState order)
    {
        if (Access.Check(order, c.By, "report payments", ActorRole.Marketplace) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        if (!order.FulfillmentChannel.HasMarketplacePayment())
        {
            return Decision.Refuse(Problems.NoMarketplacePayment);
        }

        if (order.OrderStatus == OrderStatus.Canceled)
        {
            var alreadyDeclined = c.Status == PaymentStatus.Declined
                && order.Cancellations.LastOrDefault()?.Reason == nameof(CancellationReason.PaymentDeclined);
            return alreadyDeclined ? Decision.Unchanged() : Decision.Refuse(Problems.OrderCanceled);
        }

        return c.Status == PaymentStatus.Verified ? Verified(c, order) : Declined(c, order);
    }

    /// <summary>
    /// A deadline that passed while the order was Pending applies at once (§4.5): its timer did nothing then (the seller
    /// could not ship), so it is scheduled again at its own time and fires now. Verified after the auto-cancel moment,
    /// the order is auto-cancelled (and it counts, as any auto-cancel); the warning, which could only name a moment
    /// already past, is dropped. Verified between the two, the seller is warned now. The buyer's window needs nothing:
    /// a buyer cancel is judged by its own time.
    /// </summary>
    private static Decision Verified(OrderCommand.Payment c, OrderState order)
    {
        if (order.PaymentVerified)
        {
            return Decision.Unchanged();
        }

        var draft = new DecisionDraft(order).Add(new E.PaymentVerified(c.Now));
        if (order.Deadlines.AutoCancelAt is { } autoAt && autoAt <= c.Now)
        {
            draft.Schedule(TimerKind.AutoCancel, autoAt).Unschedule(TimerKind.AutoCancelWarning);
        }
        else if (order.Deadlines.AutoCancelWarningAt is { } warnAt && warnAt <= c.Now && !order.AutoCancelWarningSent)
        {
            draft.Schedule(TimerKind.AutoCancelWarning, warnAt);
        }

        return draft.Accept(Outcome.Accepted);
    }

    private static Decision Declined(OrderCommand.Payment c, OrderState order)
    {
        if (order.PaymentVerified)
        {
            return Decision.Refuse(Problems.PaymentAlreadyVerified);
        }

        CancelTargets.TryResolve(order, null, out var everything);
        var reason = new ParsedReason(CancellationReason.PaymentDeclined, null);
        return CancelExecution.Execute(new DecisionDraft(order), c.By, reason, everything, null, c.Now).Accept(Outcome.Accepted);
    }
}
