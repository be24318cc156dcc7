using OrderCancellation.Durable.Runtime;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

public abstract partial class DurableContractTests
{
    [Fact]
    public async Task An_activity_runs_with_its_stable_id_and_is_completed_once()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(activities: [new ActivityRequest(RecordingActivity.DefaultName, "hello")]));
        var pending = (await Runtime.GetStatusAsync(id))!.Activities.Single();

        var ran = await Runtime.RunDueActivitiesAsync();
        var again = await Runtime.RunDueActivitiesAsync();

        Assert.Equal((1, 0), (ran, again));
        var execution = Assert.Single(Host.Activity.Executions);
        Assert.Equal((pending.ActivityId, id, "hello", 1), (execution.ActivityId, execution.InstanceId, execution.Payload, execution.Attempt));
        Assert.Equal(("Pending", 0), (pending.State, pending.Attempts));
        Assert.Empty((await Runtime.GetStatusAsync(id))!.Activities);
    }

    [Fact]
    public async Task An_expired_lease_lets_another_worker_reclaim_and_the_first_is_fenced_off()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(activities: [new ActivityRequest(RecordingActivity.DefaultName, "x")]));
        await using var second = await StartHostAsync();

        // Worker 1 claims and hangs in the handler.
        Host.Activity.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = Task.Run(() => Runtime.RunDueActivitiesAsync());
        await WaitUntil(() => Task.FromResult(!Host.Activity.Executions.IsEmpty), TimeSpan.FromSeconds(10));
        Assert.Equal("Running", (await Runtime.GetStatusAsync(id))!.Activities.Single().State);
        var beforeExpiry = await second.Runtime.RunDueActivitiesAsync();

        // The lease (1 min) expires: worker 2 re-claims (attempt 2) and completes.
        Clock.Advance(TimeSpan.FromMinutes(1.5));
        var reclaimed = await second.Runtime.RunDueActivitiesAsync();
        Host.Activity.Gate.SetResult();
        await stuck; // its completion finds another token: logged as a duplicate, not thrown

        Assert.Equal((0, 1), (beforeExpiry, reclaimed));
        Assert.Equal(2, Assert.Single(second.Activity.Executions).Attempt);
        Assert.Empty((await Runtime.GetStatusAsync(id))!.Activities);
    }

    [Fact]
    public async Task A_stale_claim_token_cannot_complete_fail_or_kill_an_activity()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(activities: [new ActivityRequest(RecordingActivity.DefaultName, "x")]));
        var stale = Assert.Single(await Host.Activities.ClaimAsync(10, default));
        Clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = Assert.Single(await Host.Activities.ClaimAsync(10, default));

        await Host.Activities.CompleteAsync([stale], [ActivityOutcome.Succeeded], default);
        var afterStaleSuccess = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        await Host.Activities.CompleteAsync([stale with { Attempt = 99 }], [ActivityOutcome.Failed("boom", null)], default);
        var afterStaleDeath = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        await Host.Activities.CompleteAsync([fresh], [ActivityOutcome.Succeeded], default);

        Assert.True(fresh.Token > stale.Token);
        Assert.Equal("Running", afterStaleSuccess.State);
        Assert.Equal("Running", afterStaleDeath.State);
        Assert.Equal(0, (await StateOf(id)).ActivitiesFailed);
        Assert.Empty((await Runtime.GetStatusAsync(id))!.Activities);
    }

    [Fact]
    public async Task A_failing_activity_backs_off_then_dies_and_the_workflow_hears_of_it()
    {
        var id = NewId();
        Host.Activity.Fail = true;
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(activities: [new ActivityRequest(RecordingActivity.DefaultName, "x")]));
        var start = Clock.GetUtcNow();

        var first = await Runtime.RunDueActivitiesAsync();
        var afterFirst = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        var notYet = await Runtime.RunDueActivitiesAsync();
        Clock.Advance(TimeSpan.FromSeconds(12.1)); // base 10 s ±20 %
        var second = await Runtime.RunDueActivitiesAsync();
        var afterSecond = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        Clock.Advance(TimeSpan.FromSeconds(24.1)); // 20 s ±20 %
        var third = await Runtime.RunDueActivitiesAsync();

        Assert.Equal((1, 0, 1, 1), (first, notYet, second, third));
        Assert.Equal(("Pending", 1), (afterFirst.State, afterFirst.Attempts));
        Assert.InRange(afterFirst.NextAttemptAt!.Value - start, TimeSpan.FromSeconds(7.9), TimeSpan.FromSeconds(12.1));
        Assert.Contains("failed on attempt 1", afterFirst.LastError, StringComparison.Ordinal);
        Assert.InRange(afterSecond.NextAttemptAt!.Value - Clock.GetUtcNow().AddSeconds(-24.1), TimeSpan.FromSeconds(15.9), TimeSpan.FromSeconds(24.1));
        var dead = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        Assert.Equal(("Dead", 3), (dead.State, dead.Attempts));
        Assert.Equal(1, (await StateOf(id)).ActivitiesFailed);
        Assert.Contains(await Runtime.GetHistoryAsync(id), h => h.EventType == "ActivityFailed" && h.Data.StartsWith("record:3:", StringComparison.Ordinal));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await Runtime.RunDueActivitiesAsync());
    }

    [Fact]
    public async Task An_activity_without_a_handler_fails_like_any_other()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(activities: [new ActivityRequest("nobody-handles-this", "x")]));

        await Runtime.RunDueActivitiesAsync();

        var activity = (await Runtime.GetStatusAsync(id))!.Activities.Single();
        Assert.Equal(("Pending", 1), (activity.State, activity.Attempts));
        Assert.Contains("No activity handler", activity.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_can_enqueue_an_activity_in_the_same_transaction()
    {
        var id = NewId();
        await Runtime.ExecuteStepAsync(Request(id), CounterWorkflow.Increment(timers: [new TimerRequest("t", Clock.GetUtcNow(), $"activity:{RecordingActivity.DefaultName}")]));

        await Runtime.RunDueTimersAsync();
        await Runtime.RunDueActivitiesAsync();

        Assert.Equal("t", Assert.Single(Host.Activity.Executions).Payload);
    }
}
