using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>§4.4: payment, labels, fulfillment stages.</summary>
public class OrderEventsTests
{
    private static readonly DateTimeOffset Later = T0.AddHours(1);

    [Fact]
    public void Payment_verified_moves_a_pending_order_to_unshipped() =>
        Spec.Given(Placed())
            .When(new OrderCommand.Payment(Marketplace, Later, PaymentStatus.Verified))
            .Then(new OrderEvent.PaymentVerified(Later))
            .ThenState(s => Assert.Equal(OrderStatus.Unshipped, s.OrderStatus))
            .ThenDeletes(TimerKind.PendingPaymentTimeout)
            .ThenActivity<Activity.PublishOrderChange>(c => c.ChangeType == OrderChangeType.OrderStatusChange && c.OrderStatus == OrderStatus.Unshipped);

    [Fact]
    public void Payment_verified_twice_changes_nothing() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.Payment(Marketplace, Later, PaymentStatus.Verified))
            .ThenNothingHappens();

    [Fact]
    public void Payment_declined_cancels_the_order_without_counting_and_releases_the_authorization() =>
        Spec.Given(Placed())
            .When(new OrderCommand.Payment(Marketplace, Later, PaymentStatus.Declined))
            .Then(new OrderEvent.LinesCanceled(Later, Marketplace, "PaymentDeclined", Everything, false, true, null))
            .ThenState(s => Assert.Equal(OrderStatus.Canceled, s.OrderStatus))
            .ThenActivity<Activity.ReleaseAuthorization>(r => r.Amount == new Money(45.00m, "USD"))
            .ThenDeletes(TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel, TimerKind.PendingPaymentTimeout);

    [Fact]
    public void Payment_declined_after_it_was_verified_is_refused() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.Payment(Marketplace, Later, PaymentStatus.Declined))
            .ThenRefused("payment-already-verified", 409);

    [Fact]
    public void Payment_declined_again_on_the_order_it_canceled_changes_nothing() =>
        Spec.Given(Placed(), new OrderEvent.LinesCanceled(Later, Marketplace, "PaymentDeclined", Everything, false, true, null))
            .When(new OrderCommand.Payment(Marketplace, Later.AddMinutes(1), PaymentStatus.Declined))
            .ThenNothingHappens();

    [Fact]
    public void Only_the_marketplace_reports_payments() =>
        Spec.Given(Placed())
            .When(new OrderCommand.Payment(Seller, Later, PaymentStatus.Verified))
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void Purchasing_a_label_sets_the_soft_point_and_voiding_it_clears_it()
    {
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.ShippingLabel(Seller, Later, LabelAction.Purchased))
            .ThenState(s => Assert.True(s.ShippingLabelPurchased));
        Spec.Given(Placed(), Paid, LabelPurchased)
            .When(new OrderCommand.ShippingLabel(Seller, Later, LabelAction.Voided))
            .Then(new OrderEvent.ShippingLabelVoided(Later))
            .ThenState(s => Assert.False(s.ShippingLabelPurchased));
    }

    [Fact]
    public void Purchasing_a_label_twice_changes_nothing() =>
        Spec.Given(Placed(), Paid, LabelPurchased)
            .When(new OrderCommand.ShippingLabel(Seller, Later, LabelAction.Purchased))
            .ThenNothingHappens();

    [Fact]
    public void Labels_belong_to_merchant_orders() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid)
            .When(new OrderCommand.ShippingLabel(Seller, Later, LabelAction.Purchased))
            .ThenRefused("not-merchant-order", 409);

    [Fact]
    public void A_label_cannot_be_bought_for_a_pending_order() =>
        Spec.Given(Placed())
            .When(new OrderCommand.ShippingLabel(Seller, Later, LabelAction.Purchased))
            .ThenRefused("payment-pending", 409);

    [Fact]
    public void The_fulfillment_stage_moves() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid)
            .When(new OrderCommand.ChangeFulfillmentStage(Marketplace, Later, FulfillmentStage.Processing))
            .Then(new OrderEvent.FulfillmentStageChanged(Later, FulfillmentStage.Processing));

    [Fact]
    public void An_unfulfillable_order_stays_open() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel))
            .When(new OrderCommand.ChangeFulfillmentStage(Marketplace, Later, FulfillmentStage.Unfulfillable))
            .ThenState(s => Assert.Equal(OrderStatus.Unshipped, s.OrderStatus))
            .ThenNoActivity<Activity.PublishOrderChange>();

    [Fact]
    public void Merchant_orders_have_no_fulfillment_stage() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.ChangeFulfillmentStage(Marketplace, Later, FulfillmentStage.Processing))
            .ThenRefused("not-amazon-fulfilled", 409);

    [Fact]
    public void A_failed_activity_is_recorded_on_the_order() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.ActivityFailed(Later, "ReleaseAuthorization", "gateway down"))
            .ThenState(s => Assert.Equal(new ActivityFailure("ReleaseAuthorization", "gateway down", Later), s.FailedActivities.Single()));
}
