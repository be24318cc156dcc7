using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>§4.5: timers act when they matter, and decide nothing once moot.</summary>
public class TimerTests
{
    private static readonly DateTimeOffset WarnAt = AutoCancelAt.AddDays(-1);
    private static readonly OrderEvent Warned = new OrderEvent.AutoCancelWarned(WarnAt);

    [Fact]
    public void The_window_timer_records_that_the_window_closed() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.BuyerWindowCloses(WindowEnd))
            .Then(new OrderEvent.BuyerCancelWindowClosed(WindowEnd))
            .ThenDeletes();

    [Fact]
    public void The_window_timer_after_the_order_was_cancelled_is_moot() =>
        Spec.Given(Placed(), Paid, new OrderEvent.LinesCanceled(InWindow, Buyer, null, Everything, false, true, null))
            .When(new OrderCommand.BuyerWindowCloses(WindowEnd))
            .ThenNothingHappens();

    [Fact]
    public void The_auto_cancel_warning_tells_the_seller_when_the_order_will_be_cancelled() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.AutoCancelWarning(WarnAt))
            .Then(Warned)
            .ThenActivity<Activity.SendNotification>(n => n.Kind == NotificationKind.AutoCancelWarning && n.Recipient == Seller && n.Subject.Contains("2026-03-11 10:00 UTC", StringComparison.Ordinal));

    [Fact]
    public void The_auto_cancel_warning_after_shipment_is_moot() =>
        Spec.Given(Placed(), Paid, Shipped("L1", 2), Shipped("L2", 1))
            .When(new OrderCommand.AutoCancelWarning(WarnAt))
            .ThenNothingHappens();

    [Fact]
    public void Auto_cancel_cancels_the_unshipped_rest_as_the_marketplace_and_counts_against_the_seller() =>
        Spec.Given(Placed(), Paid, Warned, Shipped("L1", 1))
            .When(new OrderCommand.AutoCancel(AutoCancelAt))
            .Then(new OrderEvent.LinesCanceled(AutoCancelAt, Actor.System, "AutoCanceledNotShipped", [Q("L1", 1), Q("L2", 1)], true, true, null))
            .ThenNotifies(NotificationKind.AutoCanceled, ActorRole.Seller)
            .ThenNotifies(NotificationKind.AutoCanceled, ActorRole.Buyer)
            .ThenState(s => Assert.Equal(ActorRole.Marketplace, s.Cancellations.Single().By))
            .ThenDeletes(TimerKind.BuyerWindowCloses);

    [Fact]
    public void Auto_cancel_of_a_shipped_order_is_moot() =>
        Spec.Given(Placed(), Paid, Shipped("L1", 2), Shipped("L2", 1))
            .When(new OrderCommand.AutoCancel(AutoCancelAt))
            .ThenNothingHappens();

    [Fact]
    public void Auto_cancel_of_an_order_still_pending_does_nothing_because_the_seller_could_not_ship() =>
        Spec.Given(Placed())
            .When(new OrderCommand.AutoCancel(AutoCancelAt))
            .ThenNothingHappens();

    [Fact]
    public void Payment_verified_after_the_auto_cancel_moment_schedules_the_auto_cancel_again_and_drops_the_stale_warning() =>
        Spec.Given(Placed())
            .When(new OrderCommand.Payment(Marketplace, AutoCancelAt.AddHours(1), PaymentStatus.Verified))
            .ThenSchedules(TimerKind.AutoCancel, AutoCancelAt)
            .ThenDeletes(TimerKind.AutoCancelWarning, TimerKind.PendingPaymentTimeout);

    [Fact]
    public void A_timer_that_arrives_early_does_nothing() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.AutoCancel(AutoCancelAt.AddMinutes(-1)))
            .ThenNothingHappens();

    [Fact]
    public void Pending_payment_timeout_cancels_a_pending_order_as_payment_not_verified_without_counting() =>
        Spec.Given(Placed())
            .When(new OrderCommand.PendingPaymentTimeout(T0.AddDays(21)))
            .Then(new OrderEvent.LinesCanceled(T0.AddDays(21), Actor.System, "PaymentNotVerified", Everything, false, true, null))
            .ThenState(s => Assert.Equal(OrderStatus.Canceled, s.OrderStatus))
            .ThenDeletes(TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel);

    [Fact]
    public void Pending_payment_timeout_after_the_payment_was_verified_is_moot() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.PendingPaymentTimeout(T0.AddDays(21)))
            .ThenNothingHappens();

    [Theory]
    [InlineData(TimerKind.BuyerWindowCloses)]
    [InlineData(TimerKind.AutoCancelWarning)]
    [InlineData(TimerKind.AutoCancel)]
    [InlineData(TimerKind.PendingPaymentTimeout)]
    [InlineData(TimerKind.CancellationAttemptTimeout)]
    public void Every_timer_arriving_at_a_canceled_order_is_moot(TimerKind kind) =>
        Spec.Given(Placed(), new OrderEvent.LinesCanceled(InWindow, Buyer, null, Everything, false, true, null))
            .When(OrderCommand.ForTimer(kind, T0.AddDays(30)))
            .ThenNothingHappens();

    [Fact]
    public void A_timer_on_an_order_that_does_not_exist_is_not_found() =>
        Spec.Given()
            .When(new OrderCommand.AutoCancel(AutoCancelAt))
            .ThenRefused("order-not-found", 404);

    [Fact]
    public void A_fired_timer_is_never_also_listed_for_deletion()
    {
        var decision = Spec.Given(Placed(), Paid, Warned).When(new OrderCommand.AutoCancel(AutoCancelAt)).Accepted;
        Assert.DoesNotContain(TimerKind.AutoCancel, decision.Effects.TimersToDelete);
        Assert.Equal(Outcome.Accepted, decision.Outcome);
    }
}
