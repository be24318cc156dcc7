using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Service.Tests.Activities.Support;

/// <summary>
/// Real orders and real activities from the domain, for the port tests: an order is placed and paid through the
/// Decider, and a command's accepted decision gives the effects the workflow would start as activities.
/// </summary>
public static class OrderScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    public const string Marketplace = "ATVPDKIKX0DER";

    private static int _sequence;

    public static Actor MarketplaceActor { get; } = Actor.Marketplace("amazon");

    /// <summary>A fresh Amazon-style order id, unique in the test run.</summary>
    public static string NewOrderId() => $"{Random.Shared.Next(100, 999)}-{Interlocked.Increment(ref _sequence):D7}-{Random.Shared.Next(1_000_000, 9_999_999)}";

    /// <summary>A paid Merchant order of B1 from <paramref name="sellerId"/>: two SKU-1 at 10 USD and one SKU-2 at 25 USD.</summary>
    public static OrderState PaidOrder(string orderId, string sellerId = "S1", FulfillmentChannel channel = FulfillmentChannel.Merchant)
    {
        var place = new OrderCommand.PlaceOrder(
            MarketplaceActor, T0, orderId, Marketplace, "B1", sellerId, channel, T0, T0.AddDays(2),
            [new OrderLine("L1", "SKU-1", 2, new Money(10.00m, "USD")), new OrderLine("L2", "SKU-2", 1, new Money(25.00m, "USD"))]);
        var (placed, _) = Apply(null, place);
        var (paid, _) = Apply(placed, new OrderCommand.Payment(MarketplaceActor, T0.AddMinutes(1), PaymentStatus.Verified));
        return paid;
    }

    /// <summary>The seller cancels the whole order: release, restocks, the buyer's notice, an ORDER_CHANGE.</summary>
    public static (OrderState State, IReadOnlyList<Activity> Activities) SellerCancels(OrderState order, string reason = "GeneralAdjustment") =>
        Apply(order, new OrderCommand.Cancel(Actor.Seller(order.SellerId), T0.AddHours(1), reason));

    /// <summary>The buyer asks after the self-cancel window: a request to the seller and a BuyerRequestedChange.</summary>
    public static (OrderState State, IReadOnlyList<Activity> Activities) BuyerRequests(OrderState order) =>
        Apply(order, new OrderCommand.Cancel(Actor.Buyer(order.BuyerId), T0.AddHours(1), "changed my mind"));

    public static (OrderState State, IReadOnlyList<Activity> Activities) Ships(OrderState order, string lineId, int quantity) =>
        Apply(order, new OrderCommand.ConfirmShipment(Actor.Seller(order.SellerId), T0.AddHours(2), [new LineQuantity(lineId, quantity)]));

    public static (OrderState State, IReadOnlyList<Activity> Activities) Apply(OrderState? state, OrderCommand command) =>
        OrderDecider.Decide(command, state) switch
        {
            Decision.Accepted accepted => (OrderDecider.Evolve(state, accepted.Events)!, accepted.Effects.Activities),
            var refused => throw new InvalidOperationException($"{command.GetType().Name} was refused: {refused}"),
        };
}
