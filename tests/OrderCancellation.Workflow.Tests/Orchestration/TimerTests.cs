using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Tests.Support;
using static OrderCancellation.Workflow.Tests.Support.Orders;

namespace OrderCancellation.Workflow.Tests.Orchestration;

/// <summary>Every timer of §4.5, fired through a mocked context: the orchestration waits for the earliest live deadline.</summary>
public sealed class TimerTests
{
    private static readonly DateTimeOffset Start = PurchasedAt.AddMinutes(1);

    [Fact]
    public async Task The_buyer_window_timer_fires_at_the_window_end_and_closes_the_window()
    {
        var run = new OrchestrationHarness(Start) { FireTimersUntil = PurchasedAt.AddMinutes(30) };
        run.Send(Pay());

        var task = await run.Place(Place());

        Assert.False(task.IsCompleted);
        Assert.Equal(PurchasedAt.AddMinutes(30).UtcDateTime, run.Timers[0].FireAt);
        Assert.True(run.Status.Order!.BuyerCancelWindowClosed);
        Assert.False(run.Status.Timers.ContainsKey(TimerKind.BuyerWindowCloses));
        Assert.Equal(3, run.Status.Version);
        Assert.Equal(PurchasedAt.AddDays(8).UtcDateTime, run.Timers[^1].FireAt); // next: the auto-cancel warning
    }

    [Fact]
    public async Task The_auto_cancel_warning_timer_warns_the_seller_before_the_auto_cancel()
    {
        var run = new OrchestrationHarness(Start) { FireTimersUntil = PurchasedAt.AddDays(8) };
        run.Send(Pay());

        _ = await run.Place(Place());

        var warning = Assert.Single(run.Activities, a => a.Name == EffectNames.SendNotification);
        var notice = Assert.IsType<EffectInput<Activity.SendNotification>>(warning.Input);
        Assert.Equal(NotificationKind.AutoCancelWarning, notice.Activity.Kind);
        Assert.Equal(Actor.Seller(SellerId), notice.Activity.Recipient);
        Assert.Equal(PurchasedAt.AddDays(8), notice.At);
        Assert.True(run.Status.Order!.AutoCancelWarningSent);
    }

    [Fact]
    public async Task The_auto_cancel_timer_cancels_the_unshipped_order_counts_it_and_completes_once_its_effects_are_done()
    {
        var run = new OrchestrationHarness(Start) { FireTimersUntil = PurchasedAt.AddDays(9) };
        run.Send(Pay());

        var task = await run.Place(Place());

        Assert.True(task.IsCompletedSuccessfully);
        var order = OrderCancellation.Workflow.Contracts.OrderSnapshot.Parse((await task).GetRawText())!.Order!;
        Assert.Equal(OrderStatus.Canceled, order.OrderStatus);
        var cancellation = Assert.Single(order.Cancellations);
        Assert.Equal(CancellationReason.AutoCanceledNotShipped.ToString(), cancellation.Reason);
        Assert.True(cancellation.CountsAgainstSeller);
        Assert.Contains(EffectNames.ReleaseAuthorization, run.ActivityNames);
        Assert.Contains(EffectNames.Restock, run.ActivityNames);
        Assert.Equal(PurchasedAt.AddDays(9), cancellation.At);
    }

    [Fact]
    public async Task The_pending_payment_timer_cancels_an_order_whose_payment_was_never_verified()
    {
        var run = new OrchestrationHarness(Start) { FireTimersUntil = PurchasedAt.AddDays(21) };

        var task = await run.Place(Place(FulfillmentChannel.Amazon));

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(PurchasedAt.AddDays(21).UtcDateTime, Assert.Single(run.Timers).FireAt);
        var order = run.Status.Order!;
        Assert.Equal(OrderStatus.Canceled, order.OrderStatus);
        Assert.Equal(CancellationReason.PaymentNotVerified.ToString(), Assert.Single(order.Cancellations).Reason);
        Assert.Empty(run.Status.Timers);
    }

    [Fact]
    public async Task The_attempt_timer_fails_an_unanswered_attempt_and_tells_the_buyer()
    {
        var deadline = Start.AddHours(1);
        var run = new OrchestrationHarness(Start) { FireTimersUntil = deadline };
        run.Send(Pay(), Label(Domain.Commands.LabelAction.Purchased, "label"), BuyerCancel());

        _ = await run.Place(Place());

        Assert.Equal(Domain.Decisions.Outcome.AttemptingToCancel, run.Status.Find("buyer-cancel")!.Outcome);
        Assert.Contains(run.Timers, t => t.FireAt == deadline.UtcDateTime);
        Assert.Equal(AttemptStatus.Failed, run.Status.Order!.CancellationAttempt!.Status);
        var told = run.Activities.Select(a => a.Input).OfType<EffectInput<Activity.SendNotification>>().Last();
        Assert.Equal(NotificationKind.CancellationFailed, told.Activity.Kind);
        Assert.Equal(Actor.Buyer(BuyerId), told.Activity.Recipient);
        Assert.False(run.Status.Timers.ContainsKey(TimerKind.CancellationAttemptTimeout));
    }

    [Fact]
    public async Task A_timer_that_became_moot_decides_nothing()
    {
        // An unpaid Merchant order: the auto-cancel warning is due, but the seller could not have shipped it.
        var run = new OrchestrationHarness(Start) { FireTimersUntil = PurchasedAt.AddDays(8) };

        _ = await run.Place(Place());

        Assert.Contains(run.Timers, t => t.FireAt == PurchasedAt.AddDays(8).UtcDateTime);
        Assert.Equal(2, run.Status.Version); // placed, window closed; the warning changed nothing
        Assert.False(run.Status.Order!.AutoCancelWarningSent);
        Assert.DoesNotContain(EffectNames.SendNotification, run.ActivityNames);
        Assert.False(run.Status.Timers.ContainsKey(TimerKind.AutoCancelWarning));
    }

    [Fact]
    public async Task A_timer_a_decision_made_moot_is_cancelled_and_the_order_completes_without_it()
    {
        var run = new OrchestrationHarness(Start);
        run.Send(Pay(), ShipAll());

        var task = await run.Place(Place());

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(OrderStatus.Shipped, run.Status.Order!.OrderStatus);
        Assert.Empty(run.Status.Timers);
        Assert.All(run.Timers, t => Assert.True(t.Token.IsCancellationRequested));
    }
}
