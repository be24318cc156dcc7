using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.DecisionTable;

/// <summary>§4.3 rows 8–13: what a seller's cancel becomes.</summary>
public class Rows08To13SellerTests
{
    [Fact]
    public void Seller_cannot_cancel_a_pending_order() =>
        Spec.Given(Placed())
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenRefused("payment-pending", 409);

    [Fact]
    public void Seller_cannot_cancel_an_fba_order_and_is_sent_to_support()
    {
        var spec = Spec.Given(Placed(FulfillmentChannel.Amazon), Paid)
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenRefused("fba-order", 409);
        Assert.Contains("ask Support to cancel FBA orders", ((Decision.Refused)spec.Decision).Problem.Detail);
    }

    [Theory]
    [InlineData(FulfillmentStage.Received)]
    [InlineData(FulfillmentStage.Planning)]
    public void Seller_cancels_a_multichannel_order_while_it_is_received_or_planning(FulfillmentStage stage) =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel), Stage(stage))
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Seller_cancel_of_a_multichannel_order_does_not_count_because_the_metric_is_merchant_only() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel))
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Theory]
    [InlineData(FulfillmentStage.Processing)]
    [InlineData(FulfillmentStage.Shipped)]
    public void Seller_cannot_cancel_a_multichannel_order_the_network_is_processing_or_shipping(FulfillmentStage stage) =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel), Stage(stage))
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenRefused("fulfillment-processing", 409);

    [Fact]
    public void Seller_cannot_cancel_an_unfulfillable_multichannel_order()
    {
        var spec = Spec.Given(Placed(FulfillmentChannel.MultiChannel), Stage(FulfillmentStage.Unfulfillable))
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenRefused("fulfillment-unfulfillable", 409);
        Assert.Contains("Received or Planning", ((Decision.Refused)spec.Decision).Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Seller_with_a_label_purchased_must_void_it_first()
    {
        var spec = Spec.Given(Placed(), Paid, LabelPurchased)
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenRefused("label-purchased", 409);
        Assert.Contains("void the label first", ((Decision.Refused)spec.Decision).Problem.Detail);
    }

    [Fact]
    public void Seller_cancel_with_a_label_and_an_open_attempt_resolves_the_attempt_as_succeeded() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(Cancel(Seller, InWindow.AddMinutes(20), "BuyerCanceled"))
            .ThenOutcome(Outcome.Canceled)
            .Then(
                new OrderEvent.LinesCanceled(InWindow.AddMinutes(20), Seller, "BuyerCanceled", Everything, false, true, null),
                new OrderEvent.CancellationAttemptResolved(InWindow.AddMinutes(20), AttemptStatus.Succeeded))
            .ThenNotifies(NotificationKind.CancellationSucceeded, ActorRole.Buyer, "We were SUCCESSFUL in canceling your order")
            .ThenDeletes(TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel, TimerKind.CancellationAttemptTimeout);

    [Fact]
    public void Seller_with_a_label_cannot_cancel_lines_the_open_attempt_did_not_ask_for() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened(Q("L1", 1)))
            .When(Cancel(Seller, InWindow.AddMinutes(20), "NoInventory", Q("L2", 1)))
            .ThenRefused("label-purchased", 409);

    [Fact]
    public void Seller_can_cancel_again_once_the_label_is_voided() =>
        Spec.Given(Placed(), Paid, LabelPurchased, new OrderEvent.ShippingLabelVoided(T0.AddMinutes(3)))
            .When(Cancel(Seller, InWindow, "NoInventory"))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Seller_cancels_a_merchant_order_whole() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory"))
            .ThenOutcome(Outcome.Canceled)
            .Then(new OrderEvent.LinesCanceled(AfterWindow, Seller, "NoInventory", Everything, true, false, null))
            .ThenNotifies(NotificationKind.OrderCanceled, ActorRole.Buyer, "Order Canceled");

    [Fact]
    public void Seller_cancels_items_of_a_merchant_order() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "PricingError", Q("L2", 1)))
            .ThenOutcome(Outcome.PartiallyCanceled)
            .ThenState(s => Assert.Equal(OrderStatus.Unshipped, s.OrderStatus));

    [Fact]
    public void Seller_cancel_keeps_the_sellers_note() =>
        Spec.Given(Placed(), Paid)
            .When(new Commands.OrderCommand.Cancel(Seller, AfterWindow, "NoInventory", Note: "warehouse flood"))
            .ThenState(s => Assert.Equal("warehouse flood", s.Cancellations.Single().Note));
}
