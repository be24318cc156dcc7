using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>Standard buyer requests: opened by row 5, answered by the seller or a shipment (§4.3, §4.4).</summary>
public class CancellationRequestTests
{
    [Fact]
    public void A_repeated_identical_request_answers_the_same_outcome_with_no_events_and_no_second_notice() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(Cancel(Buyer, AfterWindow.AddMinutes(2)))
            .ThenNothingHappens(Outcome.CancellationRequested);

    [Fact]
    public void A_repeated_request_for_the_same_items_in_another_order_is_the_same_request() =>
        Spec.Given(Placed(), Paid, RequestOpened(Q("L1", 1), Q("L2", 1)))
            .When(Cancel(Buyer, AfterWindow.AddMinutes(2), null, Q("L2", 1), Q("L1", 1)))
            .ThenNothingHappens(Outcome.CancellationRequested);

    [Fact]
    public void A_request_opens_a_buyer_requested_change_for_subscribers() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, AfterWindow))
            .ThenActivity<Activity.PublishOrderChange>(c => c.ChangeType == OrderChangeType.BuyerRequestedChange && c.OrderStatus == OrderStatus.Unshipped);

    [Fact]
    public void Seller_declining_the_request_tells_the_buyer_the_sellers_message() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(new OrderCommand.DeclineCancellationRequest(Seller, AfterWindow.AddHours(1), "Already with the courier."))
            .Then(new OrderEvent.CancellationRequestClosed(AfterWindow.AddHours(1), "CR-1", RequestStatus.Declined, "Already with the courier."))
            .ThenActivity<Activity.SendNotification>(n =>
                n.Kind == NotificationKind.CancellationRequestDeclined && n.Recipient == Buyer && n.Body.Contains("Already with the courier.", StringComparison.Ordinal));

    [Fact]
    public void Declining_the_same_request_twice_with_the_same_message_changes_nothing() =>
        Spec.Given(Placed(), Paid, RequestOpened(), new OrderEvent.CancellationRequestClosed(AfterWindow.AddHours(1), "CR-1", RequestStatus.Declined, "No."))
            .When(new OrderCommand.DeclineCancellationRequest(Seller, AfterWindow.AddHours(2), "No."))
            .ThenNothingHappens();

    [Fact]
    public void Declining_without_an_open_request_is_refused() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.DeclineCancellationRequest(Seller, AfterWindow, "No."))
            .ThenRefused("no-open-request", 409);

    [Fact]
    public void Declining_without_a_message_is_invalid() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(new OrderCommand.DeclineCancellationRequest(Seller, AfterWindow, " "))
            .ThenRefused("invalid-message", 422);

    [Fact]
    public void Only_the_seller_declines_a_request() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(new OrderCommand.DeclineCancellationRequest(Marketplace, AfterWindow, "No."))
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void A_shipment_of_the_requested_items_declines_the_request_and_tells_the_buyer() =>
        Spec.Given(Placed(), Paid, RequestOpened(Q("L1", 2)))
            .When(new OrderCommand.ConfirmShipment(Seller, AfterWindow.AddHours(1), [Q("L1", 1)]))
            .ThenState(s => Assert.Equal(RequestStatus.Declined, s.CancellationRequest!.Status))
            .ThenNotifies(NotificationKind.CancellationFailed, ActorRole.Buyer, "Sorry we were UNABLE to successfully cancel your order");

    [Fact]
    public void A_shipment_of_other_items_leaves_the_request_open() =>
        Spec.Given(Placed(), Paid, RequestOpened(Q("L1", 2)))
            .When(new OrderCommand.ConfirmShipment(Seller, AfterWindow.AddHours(1), [Q("L2", 1)]))
            .ThenState(s => Assert.Equal(RequestStatus.Open, s.CancellationRequest!.Status));

    [Fact]
    public void BuyerCanceled_answering_the_open_request_approves_it_and_does_not_count() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(Cancel(Seller, AfterWindow.AddHours(1), "BuyerCanceled"))
            .ThenOutcome(Outcome.Canceled)
            .ThenState(s => Assert.Equal(RequestStatus.Approved, s.CancellationRequest!.Status))
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void BuyerCanceled_without_an_open_request_counts_against_the_seller() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow.AddHours(1), "BuyerCanceled"))
            .ThenState(s => Assert.True(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void BuyerCanceled_for_lines_the_request_did_not_name_counts_against_the_seller() =>
        Spec.Given(Placed(), Paid, RequestOpened(Q("L1", 2)))
            .When(Cancel(Seller, AfterWindow.AddHours(1), "BuyerCanceled", Q("L2", 1)))
            .ThenState(s => Assert.True(s.Cancellations.Single().CountsAgainstSeller))
            .ThenState(s => Assert.Equal(RequestStatus.Open, s.CancellationRequest!.Status));

    [Fact]
    public void A_request_answered_line_by_line_is_approved_when_its_last_line_is_cancelled() =>
        Spec.Given(Placed(), Paid, RequestOpened(), SellerCanceled("L1", 2, "BuyerCanceled"))
            .When(Cancel(Seller, AfterWindow.AddHours(4), "BuyerCanceled", Q("L2", 1)))
            .ThenState(s => Assert.Equal(RequestStatus.Approved, s.CancellationRequest!.Status))
            .ThenState(s => Assert.False(s.Cancellations[^1].CountsAgainstSeller));

    [Fact]
    public void Seller_cancel_with_another_reason_approves_the_request_but_counts() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(Cancel(Seller, AfterWindow.AddHours(1), "NoInventory"))
            .ThenState(s => Assert.Equal(RequestStatus.Approved, s.CancellationRequest!.Status))
            .ThenState(s => Assert.True(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void After_a_declined_request_the_buyer_may_ask_again() =>
        Spec.Given(Placed(), Paid, RequestOpened(), new OrderEvent.CancellationRequestClosed(AfterWindow.AddHours(1), "CR-1", RequestStatus.Declined, "No."))
            .When(Cancel(Buyer, AfterWindow.AddHours(2)))
            .ThenOutcome(Outcome.CancellationRequested)
            .ThenState(s => Assert.Equal(RequestStatus.Open, s.CancellationRequest!.Status));
}
