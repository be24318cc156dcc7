using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Reasons;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// The decision table of §4.3, first matching row wins. Rows 1–2 hold for everyone; the rest are per
/// role, in the partial files beside this one. Input checks (unknown line, bad quantity, bad reason)
/// come with row 2, before any role rule.
/// </summary>
internal static partial class CancelDecision
{
    private sealed record Ask(OrderCommand.Cancel Command, OrderState Order, IReadOnlyList<LineQuantity> Lines, ParsedReason Reason);

    public static Decision Decide(OrderCommand.Cancel command, OrderState order, CancellationPolicy policy)
    {
        if (Access.Check(order, command.By, "cancel", ActorRole.Buyer, ActorRole.Seller, ActorRole.Support, ActorRole.Marketplace) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        if (order.OrderStatus == OrderStatus.Canceled)
        {
            return Decision.Refuse(Problems.OrderCanceled); // row 1
        }

        if (CancelTargets.TryResolve(order, command.Lines, out var lines) is { } notCancelable)
        {
            return Decision.Refuse(notCancelable); // row 2
        }

        if (ReasonParser.Parse(command.By.Role, command.Reason, command.Source) is not { } reason)
        {
            return Decision.Refuse(Problems.InvalidReason);
        }

        var ask = new Ask(command, order, lines, reason);
        return command.By.Role switch
        {
            ActorRole.Buyer => Buyer(ask, policy.For(order.MarketplaceId)),
            ActorRole.Seller => Seller(ask),
            ActorRole.Support => Support(ask),
            _ => CancelNow(ask), // row 15: the marketplace cancels anything before the hard point
        };
    }

    private static Decision CancelNow(Ask ask)
    {
        var draft = CancelExecution.Execute(new DecisionDraft(ask.Order), ask.Command.By, ask.Reason, ask.Lines, ask.Command.Note, ask.Command.Now);
        return draft.Accept(CancelExecution.OutcomeOf(draft));
    }
}
