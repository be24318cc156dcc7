using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// Fired timers (§4.5). A timer that became moot, or that arrives before its moment, decides nothing:
/// no events, no effects. No other decision waits for a timer: they judge by their own Now.
/// </summary>
internal static class TimerDecisions
{
    public static Decision Decide(OrderCommand command, OrderState order, TimerKind kind)
    {
        if (!TimerLiveness.Live(order).Contains(kind) || command.Now < DueAt(order, kind))
        {
            return Decision.Unchanged();
        }

        var draft = new DecisionDraft(order, consumedTimer: kind);
        var now = command.Now;
        switch (kind)
        {
            case TimerKind.BuyerWindowCloses:
                draft.Add(new E.BuyerCancelWindowClosed(now));
                break;
            case TimerKind.AutoCancelWarning when order.PaymentVerified:
                draft.Add(new E.AutoCancelWarned(now)).Notify(Notices.AutoCancelWarning(order, order.Deadlines.AutoCancelAt!.Value));
                break;
            case TimerKind.AutoCancel when order.PaymentVerified:
                CancelEverything(draft, CancellationReason.AutoCanceledNotShipped, now);
                break;
            case TimerKind.PendingPaymentTimeout:
                CancelEverything(draft, CancellationReason.PaymentNotVerified, now);
                break;
            case TimerKind.CancellationAttemptTimeout:
                draft.Add(new E.CancellationAttemptResolved(now, AttemptStatus.Failed)).Notify(Notices.CouldNotCancel(order));
                break;
            default:
                return Decision.Unchanged(); // auto-cancel timers on a Pending order: the seller could not ship it
        }

        return draft.Accept(Outcome.Accepted);
    }

    private static DateTimeOffset DueAt(OrderState order, TimerKind kind) => kind switch
    {
        TimerKind.BuyerWindowCloses => order.Deadlines.BuyerCancelWindowEndsAt!.Value,
        TimerKind.AutoCancelWarning => order.Deadlines.AutoCancelWarningAt!.Value,
        TimerKind.AutoCancel => order.Deadlines.AutoCancelAt!.Value,
        TimerKind.PendingPaymentTimeout => order.Deadlines.PendingPaymentExpiresAt!.Value,
        _ => order.CancellationAttempt!.Deadline,
    };

    private static void CancelEverything(DecisionDraft draft, CancellationReason reason, DateTimeOffset now)
    {
        CancelTargets.TryResolve(draft.Current, null, out var remainder);
        CancelExecution.Execute(draft, Actor.System, new ParsedReason(reason, null), remainder, null, now);
    }
}
