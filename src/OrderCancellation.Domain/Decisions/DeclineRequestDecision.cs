using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>The seller declines the open request; the buyer gets the seller's message (§4.4).</summary>
internal static class DeclineRequestDecision
{
    public const int MessageMaxLength = 1000;

    public static Decision Decide(OrderCommand.DeclineCancellationRequest c, OrderState order)
    {
        if (Access.Check(order, c.By, "decline cancellation requests", ActorRole.Seller) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        if (string.IsNullOrWhiteSpace(c.Message) || c.Message.Length > MessageMaxLength)
        {
            return Decision.Refuse(Problems.InvalidMessage);
        }

        return order.CancellationRequest switch
        {
            { IsOpen: true } request => new DecisionDraft(order)
                .Add(new E.CancellationRequestClosed(c.Now, request.RequestId, RequestStatus.Declined, c.Message))
                .Notify(Notices.RequestDeclined(order, c.Message))
                .Accept(Outcome.Accepted),
            { Status: RequestStatus.Declined } request when request.SellerMessage == c.Message => Decision.Unchanged(),
            _ => Decision.Refuse(Problems.NoOpenRequest),
        };
    }
}
