using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.DecisionTable;

/// <summary>§4.3 rows 14–15: Support and the marketplace.</summary>
public class Rows14And15SupportAndMarketplaceTests
{
    [Theory]
    [InlineData(FulfillmentStage.Received)]
    [InlineData(FulfillmentStage.Planning)]
    public void Support_cancels_an_fba_order_before_processing_without_counting(FulfillmentStage stage) =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(stage))
            .When(Cancel(Support, AfterWindow, "NoInventory"))
            .ThenOutcome(Outcome.Canceled)
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void Support_cannot_cancel_an_fba_order_in_processing() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(FulfillmentStage.Processing))
            .When(Cancel(Support, AfterWindow))
            .ThenRefused("fulfillment-processing", 409);

    [Fact]
    public void Support_cancel_in_processing_answers_an_open_attempt_as_the_fulfillment_network() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(FulfillmentStage.Processing), AttemptOpened())
            .When(Cancel(Support, InWindow.AddMinutes(5)))
            .ThenOutcome(Outcome.Canceled)
            .ThenState(s => Assert.Equal(AttemptStatus.Succeeded, s.CancellationAttempt!.Status));

    [Theory]
    [InlineData(FulfillmentChannel.Merchant)]
    [InlineData(FulfillmentChannel.MultiChannel)]
    public void Support_cannot_cancel_orders_amazon_does_not_fulfil(FulfillmentChannel channel) =>
        Spec.Given(Placed(channel), Paid)
            .When(Cancel(Support, AfterWindow))
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void Marketplace_cancels_a_pending_order() =>
        Spec.Given(Placed())
            .When(Cancel(Marketplace, AfterWindow, "RiskAssessmentInformationNotValid"))
            .ThenOutcome(Outcome.Canceled)
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void Marketplace_cancels_past_the_soft_point_of_no_return() =>
        Spec.Given(Placed(), Paid, LabelPurchased)
            .When(Cancel(Marketplace, AfterWindow, "PricingError"))
            .ThenOutcome(Outcome.Canceled)
            .ThenNotifies(NotificationKind.OrderCanceled, ActorRole.Buyer);

    [Fact]
    public void Marketplace_cancels_the_unshipped_rest_of_a_partly_shipped_order() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Shipped("L1", 2))
            .When(Cancel(Marketplace, AfterWindow))
            .ThenOutcome(Outcome.PartiallyCanceled)
            .ThenState(s => Assert.Equal(OrderStatus.Shipped, s.OrderStatus));

    [Fact]
    public void Marketplace_cancel_without_a_reason_is_a_general_adjustment() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Marketplace, AfterWindow))
            .ThenState(s => Assert.Equal("GeneralAdjustment", s.Cancellations.Single().Reason));

    [Fact]
    public void Marketplace_cancel_answers_an_open_request_which_lapses() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(Cancel(Marketplace, AfterWindow.AddHours(1), "PricingError"))
            .ThenState(s => Assert.Equal(RequestStatus.Lapsed, s.CancellationRequest!.Status))
            .ThenActivity<Activity.PublishOrderChange>(c => c.ChangeType == OrderChangeType.BuyerRequestedChange);
}
