using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>How cancels and shipments answer the open buyer request and attempt (§4.4).</summary>
internal static class BuyerRequestClosure
{
    /// <summary>
    /// A cancel answers a request or attempt when, line by line, it cancelled what was asked or nothing
    /// of that line is left to cancel. The attempt then succeeds; the request is Approved (Lapsed when
    /// the marketplace, not the seller, did it). Returns whether an attempt succeeded (the buyer hears that instead of a plain notice).
    /// </summary>
    public static bool AfterCancel(DecisionDraft draft, Actor by, IReadOnlyList<LineQuantity> canceled, DateTimeOffset now)
    {
        var order = draft.Current;
        var attemptSucceeded = false;
        if (order.CancellationAttempt is { IsOpen: true } attempt && Answered(order, attempt.Lines, canceled))
        {
            draft.Add(new E.CancellationAttemptResolved(now, AttemptStatus.Succeeded)).Notify(Notices.AttemptSucceeded(order));
            attemptSucceeded = true;
        }

        if (order.CancellationRequest is { IsOpen: true } request && Answered(order, request.Lines, canceled))
        {
            var status = by.Role == ActorRole.Marketplace ? RequestStatus.Lapsed : RequestStatus.Approved;
            draft.Add(new E.CancellationRequestClosed(now, request.RequestId, status, null));
        }

        return attemptSucceeded;
    }

    /// <summary>A shipment that leaves less to cancel than was asked fails the attempt and declines the request; the buyer is told.</summary>
    public static void AfterShipment(DecisionDraft draft, DateTimeOffset now)
    {
        var order = draft.Current;
        if (order.CancellationAttempt is { IsOpen: true } attempt && Unreachable(order, attempt.Lines))
        {
            draft.Add(new E.CancellationAttemptResolved(now, AttemptStatus.Failed)).Notify(Notices.CouldNotCancel(order));
        }

        if (order.CancellationRequest is { IsOpen: true } request && Unreachable(order, request.Lines))
        {
            draft.Add(new E.CancellationRequestClosed(now, request.RequestId, RequestStatus.Declined, null)).Notify(Notices.CouldNotCancel(order));
        }
    }

    private static bool Answered(OrderState order, IReadOnlyList<LineQuantity> asked, IReadOnlyList<LineQuantity> canceled) =>
        asked.All(a => canceled.Where(c => c.LineId == a.LineId).Sum(c => c.Quantity) >= a.Quantity
                       || order.Line(a.LineId)!.QuantityCancelable == 0);

    private static bool Unreachable(OrderState order, IReadOnlyList<LineQuantity> asked) =>
        asked.Any(a => a.Quantity > order.Line(a.LineId)!.QuantityCancelable);
}
