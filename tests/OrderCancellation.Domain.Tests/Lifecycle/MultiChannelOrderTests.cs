using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>
/// §4.1 and §4.3 rows 10–11: a Multi-Channel (MCF) order was sold and paid on the seller's own channel, so it has no
/// marketplace payment step, and the seller cancels it only while SP-API's <c>cancelFulfillmentOrder</c> would.
/// </summary>
public class MultiChannelOrderTests
{
    private static readonly DateTimeOffset Later = T0.AddHours(1);

    [Fact]
    public void A_multichannel_order_starts_unshipped_with_no_pending_payment_timer()
    {
        var spec = Spec.Given().When(Place(FulfillmentChannel.MultiChannel));

        Assert.Equal(OrderStatus.Unshipped, spec.After.OrderStatus);
        Assert.Empty(spec.Accepted.Effects.TimersToSchedule);
        Assert.Null(spec.After.Deadlines.PendingPaymentExpiresAt);
    }

    [Theory]
    [InlineData(PaymentStatus.Verified)]
    [InlineData(PaymentStatus.Declined)]
    public void A_payment_report_on_a_multichannel_order_is_refused_because_it_has_no_marketplace_payment(PaymentStatus status) =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel))
            .When(new OrderCommand.Payment(Marketplace, Later, status))
            .ThenRefused("no-marketplace-payment", 409);

    [Fact]
    public void A_multichannel_order_offers_its_seller_a_cancel_and_the_marketplace_no_payment_actions()
    {
        var order = OrderDecider.Evolve(null, [Placed(FulfillmentChannel.MultiChannel)])!;

        var seller = AllowedActions.For(order, Seller, Later, CancellationPolicy.Default);
        var marketplace = AllowedActions.For(order, Marketplace, Later, CancellationPolicy.Default);

        Assert.Contains(OrderAction.Cancel, seller);
        Assert.DoesNotContain(OrderAction.VerifyPayment, marketplace);
        Assert.DoesNotContain(OrderAction.DeclinePayment, marketplace);
    }

    [Fact]
    public void An_unfulfillable_multichannel_order_offers_its_seller_no_cancel()
    {
        var order = OrderDecider.Evolve(null, [Placed(FulfillmentChannel.MultiChannel), Stage(FulfillmentStage.Unfulfillable)])!;

        Assert.DoesNotContain(OrderAction.Cancel, AllowedActions.For(order, Seller, Later, CancellationPolicy.Default));
    }

    [Fact]
    public void Seller_cancels_a_multichannel_order_once_returning_stock_brings_it_back_to_planning() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel), Stage(FulfillmentStage.Unfulfillable), new OrderEvent.FulfillmentStageChanged(T0.AddMinutes(3), FulfillmentStage.Planning))
            .When(Cancel(Seller, Later, "NoInventory"))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void The_marketplace_still_cancels_an_unfulfillable_multichannel_order() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel), Stage(FulfillmentStage.Unfulfillable))
            .When(Cancel(Marketplace, Later, "GeneralAdjustment"))
            .ThenOutcome(Outcome.Canceled)
            .ThenNotifies(NotificationKind.OrderCanceled, ActorRole.Buyer);

    [Fact]
    public void A_multichannel_order_can_be_shipped_by_the_network_without_a_payment_step() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel))
            .When(new OrderCommand.ConfirmShipment(Marketplace, Later, Everything))
            .ThenState(s => Assert.Equal(OrderStatus.Shipped, s.OrderStatus))
            .ThenActivity<Activity.CapturePayment>();
}
