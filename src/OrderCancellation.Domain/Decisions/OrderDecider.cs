using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using C = OrderCancellation.Domain.Commands.OrderCommand;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// The cancellation policy as a Decider: <see cref="Decide"/> judges a command against the state it
/// meets, <see cref="Evolve(OrderState?, Events.OrderEvent)"/> applies the events. Pure: no clock, no I/O,
/// no randomness; the same (command, state, policy) always gives the same decision.
/// </summary>
public static partial class OrderDecider
{
    /// <param name="state">The order, or null when it has not been placed.</param>
    /// <param name="policy">Defaults and per-marketplace overrides; the order's marketplace picks its options.</param>
    public static Decision Decide(OrderCommand command, OrderState? state, CancellationPolicy policy) => (command, state) switch
    {
        (C.PlaceOrder place, _) => PlaceOrderDecision.Decide(place, state, policy),
        (_, null) => Decision.Refuse(Problems.OrderNotFound),
        (C.Cancel cancel, _) => CancelDecision.Decide(cancel, state, policy),
        (C.DeclineCancellationRequest decline, _) => DeclineRequestDecision.Decide(decline, state),
        (C.Payment payment, _) => PaymentDecision.Decide(payment, state),
        (C.ShippingLabel label, _) => FulfillmentDecisions.Label(label, state),
        (C.ChangeFulfillmentStage stage, _) => FulfillmentDecisions.Stage(stage, state),
        (C.ConfirmShipment shipment, _) => ShipmentDecision.Decide(shipment, state),
        (C.BuyerWindowCloses, _) => TimerDecisions.Decide(command, state, TimerKind.BuyerWindowCloses),
        (C.AutoCancelWarning, _) => TimerDecisions.Decide(command, state, TimerKind.AutoCancelWarning),
        (C.AutoCancel, _) => TimerDecisions.Decide(command, state, TimerKind.AutoCancel),
        (C.PendingPaymentTimeout, _) => TimerDecisions.Decide(command, state, TimerKind.PendingPaymentTimeout),
        (C.CancellationAttemptTimeout, _) => TimerDecisions.Decide(command, state, TimerKind.CancellationAttemptTimeout),
        (C.ActivityFailed failed, _) => new DecisionDraft(state).Add(new E.ActivityFailed(failed.Now, failed.Name, failed.Detail)).Accept(Outcome.Accepted),
        _ => throw new InvalidOperationException($"Unknown command {command.GetType().Name}."),
    };

    /// <summary>Decide with the default policy (§4 defaults, no overrides).</summary>
    public static Decision Decide(OrderCommand command, OrderState? state) => Decide(command, state, CancellationPolicy.Default);
}
