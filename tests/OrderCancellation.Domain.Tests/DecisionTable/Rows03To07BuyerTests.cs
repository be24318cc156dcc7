using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.DecisionTable;

/// <summary>§4.3 rows 3–7: what a buyer's cancel becomes.</summary>
public class Rows03To07BuyerTests
{
    [Fact]
    public void Buyer_cannot_cancel_a_multichannel_order() =>
        Spec.Given(Placed(FulfillmentChannel.MultiChannel))
            .When(Cancel(Buyer, InWindow))
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void Buyer_cancel_of_a_pending_order_cancels_it_now_without_counting() =>
        Spec.Given(Placed())
            .When(Cancel(Buyer, T0.AddHours(5), "ordered twice"))
            .ThenOutcome(Outcome.Canceled)
            .Then(new OrderEvent.LinesCanceled(T0.AddHours(5), Buyer, "ordered twice", Everything, false, true, null));

    [Fact]
    public void Buyer_cancel_after_the_window_becomes_a_request_to_the_seller() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, AfterWindow, "changed my mind"))
            .ThenOutcome(Outcome.CancellationRequested)
            .Then(new OrderEvent.CancellationRequested(AfterWindow, "CR-20260302103100000", Everything, "changed my mind"))
            .ThenNotifies(NotificationKind.CancellationRequestReceived, ActorRole.Seller, "Order cancellation request from Amazon customer");

    [Fact]
    public void Buyer_cancel_after_the_window_cancels_nothing_yet() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, AfterWindow))
            .ThenState(s => Assert.All(s.Lines, l => Assert.Equal(0, l.QuantityCanceled)))
            .ThenState(s => Assert.Equal(RequestStatus.Open, s.CancellationRequest!.Status));

    [Fact]
    public void Buyer_cancel_of_a_merchant_order_with_a_label_opens_an_attempt_and_tells_the_seller() =>
        Spec.Given(Placed(), Paid, LabelPurchased)
            .When(Cancel(Buyer, InWindow))
            .ThenOutcome(Outcome.AttemptingToCancel)
            .Then(new OrderEvent.CancellationAttemptStarted(InWindow, Everything, null, InWindow.AddHours(1)))
            .ThenNotifies(NotificationKind.CancellationAttemptStarted, ActorRole.Seller)
            .ThenSchedules(TimerKind.CancellationAttemptTimeout, InWindow.AddHours(1));

    [Fact]
    public void Buyer_cancel_of_an_amazon_order_in_processing_asks_the_fulfillment_network() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(FulfillmentStage.Processing))
            .When(Cancel(Buyer, AfterWindow))
            .ThenOutcome(Outcome.AttemptingToCancel)
            .ThenActivity<Activity.SendNotification>(n => n.Recipient == Notices.FulfillmentNetwork);

    [Fact]
    public void Buyer_cancel_within_the_window_cancels_now_without_counting() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow))
            .ThenOutcome(Outcome.Canceled)
            .Then(new OrderEvent.LinesCanceled(InWindow, Buyer, null, Everything, false, true, null))
            .ThenNotifies(NotificationKind.OrderCanceled, ActorRole.Buyer, "Order Canceled");

    [Theory]
    [InlineData(FulfillmentStage.Received)]
    [InlineData(FulfillmentStage.Planning)]
    public void Buyer_cancel_of_an_amazon_order_before_processing_cancels_now_whatever_the_time(FulfillmentStage stage) =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(stage))
            .When(Cancel(Buyer, T0.AddDays(1)))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Buyer_cancel_of_some_items_within_the_window_partially_cancels() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow, null, Q("L1", 1)))
            .ThenOutcome(Outcome.PartiallyCanceled)
            .ThenState(s => Assert.Equal((1, 1), (s.Line("L1")!.QuantityCanceled, s.Line("L1")!.QuantityCancelable)));

    [Fact]
    public void Buyer_reason_longer_than_500_characters_is_invalid() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow, new string('x', 501)))
            .ThenRefused("invalid-reason", 422);

    [Fact]
    public void Buyer_reason_of_exactly_500_characters_is_accepted() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow, new string('x', 500)))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Buyer_with_a_different_request_already_open_is_told_to_wait() =>
        Spec.Given(Placed(), Paid, RequestOpened(Q("L1", 1)))
            .When(Cancel(Buyer, AfterWindow.AddMinutes(5), null, Q("L2", 1)))
            .ThenRefused("cancellation-already-requested", 409);
}
