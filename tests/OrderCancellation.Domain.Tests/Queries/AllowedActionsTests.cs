using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Queries;

/// <summary>GET order's allowedActions: what the rules would accept from this caller now.</summary>
public class AllowedActionsTests
{
    private static IReadOnlyList<OrderAction> For(Actor caller, DateTimeOffset now, params OrderEvent[] history) =>
        AllowedActions.For(OrderDecider.Evolve(null, history)!, caller, now, CancellationPolicy.Default);

    [Fact]
    public void A_buyer_within_the_window_may_cancel() =>
        Assert.Equal([OrderAction.Cancel], For(Buyer, InWindow, Placed(), Paid));

    [Fact]
    public void A_buyer_after_the_window_may_request_cancellation() =>
        Assert.Equal([OrderAction.RequestCancellation], For(Buyer, AfterWindow, Placed(), Paid));

    [Fact]
    public void A_buyer_whose_request_is_open_has_nothing_more_to_do() =>
        Assert.Empty(For(Buyer, AfterWindow, Placed(), Paid, RequestOpened()));

    [Fact]
    public void A_seller_of_an_unshipped_order_may_cancel_buy_a_label_and_ship() =>
        Assert.Equal([OrderAction.Cancel, OrderAction.PurchaseShippingLabel, OrderAction.ConfirmShipment], For(Seller, AfterWindow, Placed(), Paid));

    [Fact]
    public void A_seller_with_an_open_request_may_also_decline_it() =>
        Assert.Contains(OrderAction.DeclineCancellationRequest, For(Seller, AfterWindow, Placed(), Paid, RequestOpened()));

    [Fact]
    public void A_seller_with_a_label_may_void_it_but_not_cancel() =>
        Assert.Equal([OrderAction.VoidShippingLabel, OrderAction.ConfirmShipment], For(Seller, AfterWindow, Placed(), Paid, LabelPurchased));

    [Fact]
    public void The_marketplace_on_a_pending_amazon_order_may_cancel_verify_or_decline_and_move_the_stage() =>
        Assert.Equal(
            [OrderAction.Cancel, OrderAction.VerifyPayment, OrderAction.DeclinePayment, OrderAction.ChangeFulfillmentStage],
            For(Marketplace, InWindow, Placed(FulfillmentChannel.Amazon)));

    [Fact]
    public void A_seller_may_do_nothing_to_a_canceled_order() =>
        Assert.Empty(For(Seller, AfterWindow, Placed(), Paid, SellerCanceled("L1", 2), SellerCanceled("L2", 1)));

    [Fact]
    public void A_stranger_may_do_nothing() =>
        Assert.Empty(For(Actor.Buyer("B2"), InWindow, Placed(), Paid));
}
