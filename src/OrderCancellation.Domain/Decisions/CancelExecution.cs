using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// Carries out an accepted cancel: records it, answers open requests, tells the buyer (why, when the marketplace or
/// Support cancelled) and confirms to the seller a cancellation they made.
/// </summary>
internal static class CancelExecution
{
    public static DecisionDraft Execute(
        DecisionDraft draft, Actor by, ParsedReason reason, IReadOnlyList<LineQuantity> lines, string? note, DateTimeOffset now)
    {
        var order = draft.Current;
        var counts = CountsAgainstSeller(order, by.Role, reason.Code, lines);
        var reasonText = reason.Code?.ToString() ?? reason.Text;
        draft.Add(new E.LinesCanceled(now, by, reasonText, lines, counts, ReasonCatalog.Restocks(reason.Code), note));

        var attemptSucceeded = BuyerRequestClosure.AfterCancel(draft, by, lines, now);
        var autoCanceled = reason.Code == CancellationReason.AutoCanceledNotShipped;
        if (!attemptSucceeded)
        {
            draft.Notify(autoCanceled ? Notices.AutoCanceledToBuyer(order) : Notices.OrderCanceled(order, lines, WhyTheBuyerIsTold(by.Role, reason.Code)));
        }

        if (autoCanceled)
        {
            draft.Notify(Notices.AutoCanceledToSeller(order));
        }

        if (by.Role == ActorRole.Seller)
        {
            draft.Notify(Notices.SellerCancellationConfirmation(order, lines, reasonText, counts));
        }

        return draft;
    }

    /// <summary>The buyer hears why only when Amazon (the marketplace or Support) cancelled, not the seller or themselves.</summary>
    private static CancellationReason? WhyTheBuyerIsTold(ActorRole by, CancellationReason? reason) =>
        by is ActorRole.Marketplace or ActorRole.Support ? reason : null;

    /// <summary>The outcome a cancel names: Canceled when nothing of the order is left, else PartiallyCanceled.</summary>
    public static Outcome OutcomeOf(DecisionDraft draft) =>
        draft.Current.OrderStatus == OrderStatus.Canceled ? Outcome.Canceled : Outcome.PartiallyCanceled;

    /// <summary>
    /// §4.3 "Counting against the seller", Merchant orders only: a seller cancel or an auto-cancel
    /// counts, except BuyerCanceled answering an open standard request (or attempt) on those lines.
    /// </summary>
    public static bool CountsAgainstSeller(OrderState order, ActorRole by, CancellationReason? reason, IReadOnlyList<LineQuantity> lines)
    {
        if (order.FulfillmentChannel != FulfillmentChannel.Merchant)
        {
            return false;
        }

        if (reason == CancellationReason.AutoCanceledNotShipped)
        {
            return true;
        }

        return by == ActorRole.Seller && !(reason == CancellationReason.BuyerCanceled && AnswersOpenBuyerRequest(order, lines));
    }

    private static bool AnswersOpenBuyerRequest(OrderState order, IReadOnlyList<LineQuantity> lines) =>
        (order.CancellationRequest is { IsOpen: true } request && CancelTargets.Within(lines, request.Lines))
        || (order.CancellationAttempt is { IsOpen: true } attempt && CancelTargets.Within(lines, attempt.Lines));
}
