using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>ShipmentConfirmed (§4.4) and the hard point of no return (§4.2).</summary>
public class ShipmentTests
{
    private static readonly DateTimeOffset Later = T0.AddDays(1);

    private static OrderCommand.ConfirmShipment Ship(Actor by, params LineQuantity[] lines) => new(by, Later, lines, "UPS", "1Z1");

    [Fact]
    public void A_shipment_raises_the_shipped_quantity_and_partly_ships_the_order() =>
        Spec.Given(Placed(), Paid)
            .When(Ship(Seller, Q("L1", 1)))
            .Then(new OrderEvent.ShipmentConfirmed(Later, [Q("L1", 1)], "UPS", "1Z1"))
            .ThenState(s => Assert.Equal(OrderStatus.PartiallyShipped, s.OrderStatus))
            .ThenActivity<Activity.PublishOrderChange>(c => c.OrderStatus == OrderStatus.PartiallyShipped);

    [Fact]
    public void Shipping_everything_ships_the_order_and_deletes_its_timers() =>
        Spec.Given(Placed(), Paid)
            .When(Ship(Seller, Q("L1", 2), Q("L2", 1)))
            .ThenState(s => Assert.Equal(OrderStatus.Shipped, s.OrderStatus))
            .ThenDeletes(TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel);

    [Fact]
    public void Shipping_a_cancelled_quantity_is_a_conflict() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 1))
            .When(Ship(Seller, Q("L1", 2)))
            .ThenRefused("quantity-not-shippable", 409);

    [Fact]
    public void Shipping_more_than_ordered_is_a_conflict() =>
        Spec.Given(Placed(), Paid, Shipped("L2", 1))
            .When(Ship(Seller, Q("L2", 1)))
            .ThenRefused("quantity-not-shippable", 409);

    [Fact]
    public void A_canceled_order_cannot_ship() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 2), SellerCanceled("L2", 1))
            .When(Ship(Seller, Q("L1", 1)))
            .ThenRefused("order-canceled", 409);

    [Fact]
    public void A_pending_order_cannot_ship() =>
        Spec.Given(Placed())
            .When(Ship(Seller, Q("L1", 1)))
            .ThenRefused("payment-pending", 409);

    [Fact]
    public void Sellers_do_not_confirm_shipments_of_amazon_fulfilled_orders() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid)
            .When(Ship(Seller, Q("L1", 1)))
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void The_marketplace_confirms_shipments_of_amazon_fulfilled_orders() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid)
            .When(Ship(Marketplace, Q("L1", 1)))
            .ThenState(s => Assert.Equal(1, s.Line("L1")!.QuantityShipped));

    [Fact]
    public void A_shipment_without_lines_is_invalid() =>
        Spec.Given(Placed(), Paid)
            .When(Ship(Seller))
            .ThenRefused("invalid-quantity", 422);

    [Fact]
    public void A_shipment_of_an_unknown_line_is_not_found() =>
        Spec.Given(Placed(), Paid)
            .When(Ship(Seller, Q("L7", 1)))
            .ThenRefused("line-not-found", 404);

    [Fact]
    public void The_shipped_rest_of_a_partly_cancelled_order_makes_it_shipped_not_canceled() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 2))
            .When(Ship(Seller, Q("L2", 1)))
            .ThenState(s => Assert.Equal(OrderStatus.Shipped, s.OrderStatus));
}
