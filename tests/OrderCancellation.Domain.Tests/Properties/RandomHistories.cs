using FsCheck;
using FsCheck.Fluent;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Properties;

/// <summary>One random step: the numbers pick a command, an actor, a line, a quantity and a variant.</summary>
public sealed record Step(int DelayMinutes, int Kind, int Role, int Line, int Quantity, int Variant);

public sealed record Scenario(FulfillmentChannel Channel, IReadOnlyList<Step> Steps)
{
    public override string ToString() => $"{Channel}: {string.Join("; ", Steps)}";
}

/// <summary>A decision met on the way: the state before, the command, the decision, the state after.</summary>
public sealed record Transition(OrderState Before, OrderCommand Command, Decision Decision, OrderState After);

/// <summary>Random command sequences against one placed order, to check what must hold whatever happens.</summary>
internal static class RandomHistories
{
    private static readonly Actor[] Actors = [Buyer, Seller, Support, Marketplace, Actor.Buyer("B2")];

    public static Arbitrary<Scenario> Scenarios { get; } = (
        from channel in Gen.Elements(FulfillmentChannel.Merchant, FulfillmentChannel.Merchant, FulfillmentChannel.Amazon, FulfillmentChannel.MultiChannel)
        from steps in Gen.ListOf(StepGen)
        select new Scenario(channel, steps)).ToArbitrary();

    private static Gen<Step> StepGen =>
        from delay in Gen.OneOf(Gen.Choose(0, 20), Gen.Choose(0, 6000))
        from kind in Gen.Frequency((6, Gen.Choose(0, 0)), (4, Gen.Choose(1, 1)), (3, Gen.Choose(2, 6)), (3, Gen.Choose(2, 12)))
        from role in Gen.Frequency((9, Gen.Choose(0, 3)), (1, Gen.Constant(4)))
        from line in Gen.Choose(0, 1)
        from quantity in Gen.Choose(0, 3)
        from variant in Gen.Choose(0, 11)
        select new Step(delay, kind, role, line, quantity, variant);

    public static IEnumerable<Transition> Run(Scenario scenario)
    {
        var state = OrderDecider.Evolve(null, Placed(scenario.Channel))!;
        var now = T0;
        foreach (var step in scenario.Steps)
        {
            now = now.AddMinutes(step.DelayMinutes);
            var command = Command(step, now);
            var decision = OrderDecider.Decide(command, state);
            var after = decision is Decision.Accepted accepted ? OrderDecider.Evolve(state, accepted.Events)! : state;
            yield return new Transition(state, command, decision, after);
            state = after;
        }
    }

    private static OrderCommand Command(Step s, DateTimeOffset now)
    {
        var by = Actors[s.Role];
        var lines = new[] { Q(s.Line == 0 ? "L1" : "L2", s.Quantity) };
        return s.Kind switch
        {
            0 => new OrderCommand.Cancel(by, now, Reason(by.Role, s.Variant), s.Variant % 3 == 0 ? null : lines),
            1 => new OrderCommand.ConfirmShipment(s.Role % 2 == 0 ? Seller : Marketplace, now, lines),
            2 => new OrderCommand.Payment(Marketplace, now, s.Variant < 9 ? PaymentStatus.Verified : PaymentStatus.Declined),
            3 => new OrderCommand.ShippingLabel(Seller, now, s.Variant % 2 == 0 ? LabelAction.Purchased : LabelAction.Voided),
            4 => new OrderCommand.ChangeFulfillmentStage(Marketplace, now, (FulfillmentStage)(s.Variant % 5)),
            5 => new OrderCommand.DeclineCancellationRequest(Seller, now, "Sorry, it has left."),
            6 => new OrderCommand.ActivityFailed(now, "Restock", "boom"),
            _ => OrderCommand.ForTimer((TimerKind)((s.Kind - 7) % 5), now),
        };
    }

    private static string? Reason(ActorRole role, int variant) => role switch
    {
        ActorRole.Seller => new[] { "NoInventory", "BuyerCanceled", "PricingError", "GeneralAdjustment", "Bogus" }[variant % 5],
        ActorRole.Marketplace => new[] { "PaymentDeclined", "AutoCanceledNotShipped", "GeneralAdjustment", null }[variant % 4],
        ActorRole.Buyer => variant % 2 == 0 ? null : "changed my mind",
        _ => null,
    };
}
