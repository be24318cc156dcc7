using Microsoft.DurableTask;
using Moq;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Tests.Support;
using static OrderCancellation.Workflow.Tests.Support.Orders;

namespace OrderCancellation.Workflow.Tests.Orchestration;

/// <summary>Commands through a mocked context: answers, repeats, If-Match, effects, ContinueAsNew.</summary>
public sealed class CommandTests
{
    private static readonly DateTimeOffset Start = PurchasedAt.AddMinutes(1);

    [Fact]
    public async Task Placing_records_the_answer_under_its_command_id_and_waits_for_the_next_command_or_deadline()
    {
        var run = new OrchestrationHarness(Start);

        var task = await run.Place(Place());

        Assert.False(task.IsCompleted);
        var placed = run.Status.Find("place")!;
        Assert.Equal((Outcome.Accepted, 1L), (placed.Outcome!.Value, placed.Version));
        Assert.Equal(CommandFingerprint.Of(Place()), placed.Fingerprint);
        Assert.Equal(OrderStatus.Pending, run.Status.Order!.OrderStatus);
        Assert.Equal([TimerKind.BuyerWindowCloses, TimerKind.AutoCancelWarning, TimerKind.AutoCancel, TimerKind.PendingPaymentTimeout], run.Status.Timers.Keys);
        Assert.Equal(PurchasedAt.AddMinutes(30).UtcDateTime, Assert.Single(run.Timers).FireAt);
        Assert.Equal(1, run.EventWaits);
    }

    [Fact]
    public async Task A_buyer_cancel_in_the_window_starts_the_notice_release_restock_order_change_and_projection()
    {
        var run = new OrchestrationHarness(Start);
        run.Send(BuyerCancel());

        var task = await run.Place(Place());

        Assert.Equal(Outcome.Canceled, run.Status.Find("buyer-cancel")!.Outcome);
        Assert.Equal(
            [EffectNames.ProjectOrder, EffectNames.ReleaseAuthorization, EffectNames.Restock, EffectNames.SendNotification, EffectNames.PrepareOrderChange,
                EffectNames.DeliverOrderChange, EffectNames.DeliverOrderChange, EffectNames.ProjectOrder],
            run.ActivityNames);
        var restock = Assert.IsType<EffectInput<Activity.Restock>>(run.Activities.Single(a => a.Name == EffectNames.Restock).Input);
        Assert.Equal(new Activity.Restock("SKU-1", 2), restock.Activity);
        Assert.StartsWith($"{OrderId}:2:", restock.EffectId);
        var deliveries = run.Activities.Where(a => a.Name == EffectNames.DeliverOrderChange).Select(a => (OrderChangeDelivery)a.Input).ToList();
        Assert.Equal(["sub-1", "sub-2"], deliveries.Select(d => d.SubscriptionId));
        Assert.All(deliveries, d => Assert.Equal($"{d.NotificationId}:{d.SubscriptionId}", d.DeliveryId));
        Assert.All(run.Activities, a => Assert.NotNull(a.Options?.Retry?.Policy));
        Assert.True(task.IsCompletedSuccessfully); // canceled, no timer left, every effect done
    }

    [Fact]
    public async Task Slow_effects_do_not_hold_up_the_next_command()
    {
        var run = new OrchestrationHarness(Start) { ActivityResult = _ => new TaskCompletionSource<string>().Task };
        run.Send(BuyerCancel(), BuyerCancel("again"));

        var task = await run.Place(Place());

        Assert.Equal(Outcome.Canceled, run.Status.Find("buyer-cancel")!.Outcome);
        Assert.Equal("order-canceled", run.Status.Find("again")!.Problem!.Code);
        Assert.True(run.Status.PendingEffects > 0);
        Assert.False(task.IsCompleted); // canceled, but its effects are still running
    }

    [Fact]
    public async Task A_repeated_command_id_answers_the_first_outcome_and_starts_no_second_effect()
    {
        var run = new OrchestrationHarness(Start);
        run.Send(Pay("k1"));
        _ = await run.Place(Place());
        var effectsAfterFirst = run.Activities.Count;

        var repeat = new OrchestrationHarness(Start);
        repeat.Send(Pay("k1"), Pay("k1"));
        _ = await repeat.Place(Place());

        Assert.Equal(effectsAfterFirst, repeat.Activities.Count);
        var record = Assert.Single(repeat.Status.Commands, c => c.CommandId == "k1");
        Assert.Equal((Outcome.Accepted, 2L), (record.Outcome!.Value, record.Version));
        Assert.Equal(2, repeat.Status.Version);
    }

    [Fact]
    public async Task If_Match_on_another_version_is_refused_with_version_conflict_and_changes_nothing()
    {
        var run = new OrchestrationHarness(Start);
        run.Send(Pay("stale") with { ExpectedVersion = 7 }, Pay("current") with { ExpectedVersion = 1 });

        _ = await run.Place(Place());

        var stale = run.Status.Find("stale")!;
        Assert.Equal(("version-conflict", 412, 1L), (stale.Problem!.Code, stale.Problem.Status, stale.Version));
        Assert.Equal((Outcome.Accepted, 2L), (run.Status.Find("current")!.Outcome!.Value, run.Status.Find("current")!.Version));
    }

    [Fact]
    public async Task A_caller_may_not_send_the_runtime_commands()
    {
        var run = new OrchestrationHarness(Start);
        run.Send(Envelope("forged", new Domain.Commands.OrderCommand.AutoCancel(Start)));

        _ = await run.Place(Place());

        Assert.Equal(403, run.Status.Find("forged")!.Problem!.Status);
        Assert.Equal(1, run.Status.Version);
    }

    [Fact]
    public async Task An_effect_that_exhausts_its_retries_is_recorded_on_the_order()
    {
        var run = new OrchestrationHarness(Start)
        {
            ActivityResult = name => name == EffectNames.Restock ? OrchestrationHarness.Failed(name, "inventory is down") : Task.FromResult(name),
        };
        run.Send(BuyerCancel());

        var task = await run.Place(Place());

        var failure = Assert.Single(run.Status.Order!.FailedActivities);
        Assert.Equal(nameof(Activity.Restock), failure.Name);
        Assert.Contains("inventory is down", failure.Detail);
        Assert.StartsWith($"{OrderId}:2:", failure.Detail);
        Assert.Equal(3, run.Status.Version);
        Assert.True(task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task After_N_commands_it_continues_as_new_with_the_order_its_answers_timers_and_running_effects()
    {
        var options = new OrderWorkflowOptions { CommandsPerGeneration = 3 };
        var run = new OrchestrationHarness(Start) { ActivityResult = _ => new TaskCompletionSource<string>().Task };
        run.Send(Pay(), BuyerCancel("request"), BuyerCancel("not-taken"));

        var task = await run.Place(Place(), options);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(2, run.EventWaits); // the third command stays queued for the next generation
        var (next, preserveEvents) = Assert.Single(run.ContinuedAsNew);
        Assert.True(preserveEvents);
        Assert.Null(next.Place);
        var carried = next.Carried!;
        Assert.Equal((3L, 1), (carried.Version, carried.Generation));
        Assert.Equal(["place", "pay", "request"], carried.Commands.Select(c => c.CommandId));
        Assert.Equal(OrderStatus.Canceled, carried.Order!.OrderStatus);
        Assert.True(carried.ProjectionPending);
        Assert.Equal(run.Activities.Count(a => a.Input is not OrderProjection && a.Name != EffectNames.DeliverOrderChange), carried.Effects.Count);

        var second = new OrchestrationHarness(Start);
        second.Send(BuyerCancel("request"));
        var secondTask = await second.Run(next, options);

        Assert.Equal(
            carried.Effects.Where(e => e.Activity is not Activity.PublishOrderChange).Select(e => e.EffectId),
            second.Activities.Select(a => a.Input switch
            {
                EffectInput<Activity.SendNotification> n => n.EffectId,
                EffectInput<Activity.ReleaseAuthorization> r => r.EffectId,
                EffectInput<Activity.Restock> r => r.EffectId,
                _ => null,
            }).OfType<string>());
        Assert.Contains(second.Activities, a => a.Input is OrderProjection { Version: 3 });
        Assert.Equal(3, second.Status.Version); // the repeat was answered from the carried record
        Assert.True(secondTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Effects_are_called_with_the_retry_policy_of_the_options()
    {
        var options = new OrderWorkflowOptions { EffectMaxAttempts = 3, EffectFirstRetryInterval = TimeSpan.FromSeconds(2) };
        var run = new OrchestrationHarness(Start);

        _ = await run.Place(Place(), options);

        var policy = run.Activities[0].Options!.Retry!.Policy!;
        Assert.Equal((3, TimeSpan.FromSeconds(2)), (policy.MaxNumberOfAttempts, policy.FirstRetryInterval));
        run.Context.Verify(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == EffectNames.ProjectOrder), It.IsAny<object>(), It.IsAny<TaskOptions>()), Times.Once);
    }
}
