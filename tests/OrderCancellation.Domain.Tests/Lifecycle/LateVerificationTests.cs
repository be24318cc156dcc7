using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>
/// §4.5: a deadline that passed while the order waited for its payment applies as soon as the payment is verified;
/// none is forgiven and none restarts.
/// </summary>
public class LateVerificationTests
{
    private static readonly DateTimeOffset WarnAt = AutoCancelAt.AddDays(-1);
    private static readonly DateTimeOffset NineDaysAfterLatestShipDate = LatestShipDate.AddDays(9);

    private static OrderCommand.Payment VerifiedAt(DateTimeOffset at) => new(Marketplace, at, PaymentStatus.Verified);

    [Fact]
    public void An_order_verified_nine_days_after_its_latest_ship_date_has_its_auto_cancel_due_at_once() =>
        Spec.Given(Placed())
            .When(VerifiedAt(NineDaysAfterLatestShipDate))
            .Then(new OrderEvent.PaymentVerified(NineDaysAfterLatestShipDate))
            .ThenSchedules(TimerKind.AutoCancel, AutoCancelAt);

    [Fact]
    public void Its_auto_cancel_then_cancels_everything_and_counts_against_the_seller() =>
        Spec.Given(Placed(), new OrderEvent.PaymentVerified(NineDaysAfterLatestShipDate))
            .When(new OrderCommand.AutoCancel(NineDaysAfterLatestShipDate))
            .Then(new OrderEvent.LinesCanceled(NineDaysAfterLatestShipDate, Actor.System, "AutoCanceledNotShipped", Everything, true, true, null))
            .ThenNotifies(NotificationKind.AutoCanceled, ActorRole.Seller)
            .ThenNotifies(NotificationKind.AutoCanceled, ActorRole.Buyer);

    [Fact]
    public void An_order_verified_after_its_auto_cancel_moment_is_not_warned_about_a_moment_already_past() =>
        Spec.Given(Placed())
            .When(VerifiedAt(NineDaysAfterLatestShipDate))
            .ThenNoActivity<Activity.SendNotification>()
            .ThenDeletes(TimerKind.AutoCancelWarning, TimerKind.PendingPaymentTimeout);

    [Fact]
    public void An_order_verified_between_the_warning_and_the_auto_cancel_warns_its_seller_at_once() =>
        Spec.Given(Placed())
            .When(VerifiedAt(WarnAt.AddHours(2)))
            .ThenSchedules(TimerKind.AutoCancelWarning, WarnAt)
            .ThenDeletes(TimerKind.PendingPaymentTimeout);

    [Fact]
    public void An_order_verified_in_time_keeps_its_timers_as_they_are()
    {
        var spec = Spec.Given(Placed())
            .When(VerifiedAt(T0.AddMinutes(5)))
            .ThenDeletes(TimerKind.PendingPaymentTimeout)
            .ThenState(s => Assert.Equal(OrderStatus.Unshipped, s.OrderStatus));

        Assert.Empty(spec.Accepted.Effects.TimersToSchedule);
    }

    [Fact]
    public void A_buyer_whose_window_ended_while_the_payment_was_pending_can_only_request_a_cancellation() =>
        Spec.Given(Placed(), new OrderEvent.PaymentVerified(T0.AddHours(2)))
            .When(Cancel(Buyer, T0.AddHours(2).AddMinutes(1), "changed my mind"))
            .ThenOutcome(Outcome.CancellationRequested);
}
