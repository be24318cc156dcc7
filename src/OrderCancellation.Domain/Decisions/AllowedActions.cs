using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using C = OrderCancellation.Domain.Commands.OrderCommand;

namespace OrderCancellation.Domain.Decisions;

/// <summary>What a caller can do to an order now (GET order's <c>allowedActions</c>).</summary>
public enum OrderAction
{
    /// <summary>A cancel would cancel now.</summary>
    Cancel,

    /// <summary>A buyer cancel would become a request to the seller or an attempt.</summary>
    RequestCancellation,
    DeclineCancellationRequest,
    VerifyPayment,
    DeclinePayment,
    PurchaseShippingLabel,
    VoidShippingLabel,
    ConfirmShipment,
    ChangeFulfillmentStage,
}

public static class AllowedActions
{
    /// <summary>
    /// Asks <see cref="OrderDecider.Decide(OrderCommand, OrderState?, CancellationPolicy)"/> itself with a
    /// probe command per action, so the list can never disagree with the rules: an action is allowed
    /// when its probe is accepted and changes something.
    /// </summary>
    public static IReadOnlyList<OrderAction> For(OrderState order, Actor caller, DateTimeOffset now, CancellationPolicy policy)
    {
        var allowed = new List<OrderAction>();
        var cancelReason = caller.Role == ActorRole.Seller ? "GeneralAdjustment" : null;
        if (Probe(new C.Cancel(caller, now, cancelReason)) is { } cancel)
        {
            allowed.Add(cancel.Outcome is Outcome.Canceled or Outcome.PartiallyCanceled ? OrderAction.Cancel : OrderAction.RequestCancellation);
        }

        AddIf(OrderAction.DeclineCancellationRequest, new C.DeclineCancellationRequest(caller, now, "probe"));
        AddIf(OrderAction.VerifyPayment, new C.Payment(caller, now, PaymentStatus.Verified));
        AddIf(OrderAction.DeclinePayment, new C.Payment(caller, now, PaymentStatus.Declined));
        AddIf(OrderAction.PurchaseShippingLabel, new C.ShippingLabel(caller, now, LabelAction.Purchased));
        AddIf(OrderAction.VoidShippingLabel, new C.ShippingLabel(caller, now, LabelAction.Voided));
        if (order.Lines.FirstOrDefault(l => l.QuantityCancelable > 0) is { } open)
        {
            AddIf(OrderAction.ConfirmShipment, new C.ConfirmShipment(caller, now, [new LineQuantity(open.LineId, 1)]));
        }

        var otherStage = order.FulfillmentStage == FulfillmentStage.Received ? FulfillmentStage.Planning : FulfillmentStage.Received;
        AddIf(OrderAction.ChangeFulfillmentStage, new C.ChangeFulfillmentStage(caller, now, otherStage));
        return allowed;

        Decision.Accepted? Probe(OrderCommand command) =>
            OrderDecider.Decide(command, order, policy) is Decision.Accepted { Events.Count: > 0 } accepted ? accepted : null;

        void AddIf(OrderAction action, OrderCommand command)
        {
            if (Probe(command) is not null)
            {
                allowed.Add(action);
            }
        }
    }
}
