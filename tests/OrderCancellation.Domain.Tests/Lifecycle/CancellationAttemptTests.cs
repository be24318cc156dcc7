using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>Attempts (row 6) and how they resolve (§4.4, §4.5).</summary>
public class CancellationAttemptTests
{
    private static readonly DateTimeOffset Deadline = InWindow.AddHours(1);

    [Fact]
    public void A_repeated_buyer_cancel_finds_the_open_attempt_and_changes_nothing() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(Cancel(Buyer, InWindow.AddMinutes(1)))
            .ThenNothingHappens(Outcome.AttemptingToCancel);

    [Fact]
    public void A_repeated_buyer_cancel_after_the_window_still_finds_the_open_attempt() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(Cancel(Buyer, AfterWindow))
            .ThenNothingHappens(Outcome.AttemptingToCancel);

    [Fact]
    public void An_attempt_resolved_by_a_shipment_fails_and_the_buyer_is_told() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(new OrderCommand.ConfirmShipment(Seller, InWindow.AddMinutes(5), [Q("L1", 2), Q("L2", 1)]))
            .Then(
                new OrderEvent.ShipmentConfirmed(InWindow.AddMinutes(5), [Q("L1", 2), Q("L2", 1)], null, null),
                new OrderEvent.CancellationAttemptResolved(InWindow.AddMinutes(5), AttemptStatus.Failed))
            .ThenNotifies(NotificationKind.CancellationFailed, ActorRole.Buyer, Notices.FailedSubject)
            .ThenDeletes(TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel, TimerKind.CancellationAttemptTimeout);

    [Fact]
    public void An_attempt_resolved_by_a_cancel_succeeds_and_its_timer_is_deleted() =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Stage(FulfillmentStage.Processing), AttemptOpened(Q("L1", 1)))
            .When(Cancel(Marketplace, InWindow.AddMinutes(5), null, Q("L1", 1)))
            .ThenOutcome(Outcome.PartiallyCanceled)
            .ThenNotifies(NotificationKind.CancellationSucceeded, ActorRole.Buyer, Notices.SucceededSubject)
            .ThenNoActivity<Activity.SendNotification>(n => n.Kind == NotificationKind.OrderCanceled)
            .ThenDeletes(TimerKind.CancellationAttemptTimeout);

    [Fact]
    public void An_attempt_resolved_by_its_timeout_fails_and_the_buyer_is_told() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(new OrderCommand.CancellationAttemptTimeout(Deadline))
            .ThenOutcome(Outcome.Accepted)
            .Then(new OrderEvent.CancellationAttemptResolved(Deadline, AttemptStatus.Failed))
            .ThenNotifies(NotificationKind.CancellationFailed, ActorRole.Buyer, Notices.FailedSubject)
            .ThenDeletes();

    [Fact]
    public void An_attempt_timeout_after_the_attempt_succeeded_is_moot() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened(), SellerCanceled("L1", 2, "BuyerCanceled"), SellerCanceled("L2", 1, "BuyerCanceled"),
                new OrderEvent.CancellationAttemptResolved(InWindow.AddMinutes(9), AttemptStatus.Succeeded))
            .When(new OrderCommand.CancellationAttemptTimeout(Deadline))
            .ThenNothingHappens();

    [Fact]
    public void A_shipment_of_lines_the_attempt_did_not_name_leaves_it_open() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened(Q("L2", 1)))
            .When(new OrderCommand.ConfirmShipment(Seller, InWindow.AddMinutes(5), [Q("L1", 2)]))
            .ThenState(s => Assert.Equal(AttemptStatus.Open, s.CancellationAttempt!.Status));

    [Fact]
    public void Buyer_with_another_attempt_open_is_told_to_wait() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened(Q("L2", 1)))
            .When(Cancel(Buyer, InWindow.AddMinutes(1), null, Q("L1", 1)))
            .ThenRefused("cancellation-already-requested", 409);

    [Fact]
    public void The_attempt_deadline_follows_the_marketplace_option() =>
        Spec.Given(Placed(), Paid, LabelPurchased)
            .WithPolicy(new() { Defaults = new() { CancellationAttemptTimeout = TimeSpan.FromMinutes(15) } })
            .When(Cancel(Buyer, InWindow))
            .ThenSchedules(TimerKind.CancellationAttemptTimeout, InWindow.AddMinutes(15));
}
