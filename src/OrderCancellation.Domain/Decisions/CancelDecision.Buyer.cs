using System.Globalization;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

internal static partial class CancelDecision
{
    /// <summary>Rows 3–7. A repeat that finds the same open request or attempt answers it again, with nothing new.</summary>
    private static Decision Buyer(Ask ask, CancellationOptions options)
    {
        var (command, order) = (ask.Command, ask.Order);
        if (order.FulfillmentChannel == FulfillmentChannel.MultiChannel)
        {
            return Decision.Refuse(Problems.NotAllowed("Multi-Channel orders are the seller's; their buyers are off-platform.")); // row 3
        }

        if (order.OrderStatus == OrderStatus.Pending)
        {
            return CancelNow(ask); // row 4
        }

        if (order.CancellationAttempt is { IsOpen: true } attempt && CancelTargets.Same(attempt.Lines, ask.Lines))
        {
            return Decision.Unchanged(Outcome.AttemptingToCancel);
        }

        if (order.CancellationRequest is { IsOpen: true } request && CancelTargets.Same(request.Lines, ask.Lines))
        {
            return Decision.Unchanged(Outcome.CancellationRequested);
        }

        var anotherOpen = order.CancellationAttempt is { IsOpen: true } || order.CancellationRequest is { IsOpen: true };
        if (order.FulfillmentChannel == FulfillmentChannel.Merchant && AfterWindow(order, command.Now))
        {
            return anotherOpen ? Decision.Refuse(Problems.RequestAlreadyOpen) : OpenRequest(ask); // row 5
        }

        if (order.InShippingProcess())
        {
            return anotherOpen ? Decision.Refuse(Problems.RequestAlreadyOpen) : OpenAttempt(ask, options); // row 6
        }

        return CancelNow(ask); // row 7
    }

    /// <summary>The window is closed on both ends: a cancel exactly at its end is still a self-cancel.</summary>
    public static bool AfterWindow(OrderState order, DateTimeOffset now) =>
        order.Deadlines.BuyerCancelWindowEndsAt is { } end && now > end;

    private static Decision OpenRequest(Ask ask)
    {
        var id = "CR-" + ask.Command.Now.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        return new DecisionDraft(ask.Order)
            .Add(new E.CancellationRequested(ask.Command.Now, id, ask.Lines, ask.Reason.Text))
            .Notify(Notices.RequestToSeller(ask.Order, ask.Lines, ask.Reason.Text))
            .Accept(Outcome.CancellationRequested);
    }

    private static Decision OpenAttempt(Ask ask, CancellationOptions options)
    {
        var deadline = ask.Command.Now + options.CancellationAttemptTimeout;
        return new DecisionDraft(ask.Order)
            .Add(new E.CancellationAttemptStarted(ask.Command.Now, ask.Lines, ask.Reason.Text, deadline))
            .Notify(Notices.AttemptStarted(ask.Order, ask.Lines, deadline))
            .Schedule(TimerKind.CancellationAttemptTimeout, deadline)
            .Accept(Outcome.AttemptingToCancel);
    }
}
