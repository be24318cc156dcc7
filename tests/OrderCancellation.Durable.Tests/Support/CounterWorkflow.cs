using System.Text.Json;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Durable.Tests.Support;

/// <summary>The state of the test workflow: a counter that also counts fired timers and dead activities.</summary>
public sealed record CounterState(int Count, int TimersFired, int ActivitiesFailed)
{
    public static CounterState Parse(string json) => JsonSerializer.Deserialize<CounterState>(json)!;

    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>
/// A tiny real workflow. Commands come through <see cref="Increment"/>; a fired timer counts itself and,
/// when its payload names an activity, enqueues it; a dead activity counts itself.
/// </summary>
public sealed class CounterWorkflow : IWorkflow
{
    public const string WorkflowName = "counter";

    public string Name => WorkflowName;

    public static Decide Increment(
        int by = 1,
        IReadOnlyList<TimerRequest>? timers = null,
        IReadOnlyList<string>? cancel = null,
        IReadOnlyList<ActivityRequest>? activities = null,
        IReadOnlyDictionary<string, string>? tags = null,
        InstanceStatus status = InstanceStatus.Running,
        Func<Storage.StoreTransaction, CancellationToken, Task>? writes = null) => current =>
    {
        var state = current is null ? new CounterState(0, 0, 0) : CounterState.Parse(current.State);
        var next = state with { Count = state.Count + by };
        return new StepDecision
        {
            NewState = next.ToJson(),
            Status = status,
            CustomStatus = $"count={next.Count}",
            History = [new HistoryEntry("Incremented", by.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            TimersToSchedule = timers ?? [],
            TimersToCancel = cancel ?? [],
            Activities = activities ?? [],
            Tags = tags,
            Response = new StepResponse(200, next.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TransactionalWrites = writes,
        };
    };

    public static Decide Refuse(int statusCode = 409) => _ => StepDecision.Refuse(new StepResponse(statusCode, "refused"));

    public StepDecision OnTimer(InstanceSnapshot instance, DueTimer timer, DateTimeOffset now)
    {
        var state = CounterState.Parse(instance.State);
        var next = state with { TimersFired = state.TimersFired + 1 };
        return new StepDecision
        {
            NewState = next.ToJson(),
            History = [new HistoryEntry("TimerFired", timer.Name)],
            Activities = timer.Payload.StartsWith("activity:", StringComparison.Ordinal) ? [new ActivityRequest(timer.Payload["activity:".Length..], timer.Name)] : [],
            Response = new StepResponse(200, "fired"),
        };
    }

    public StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now)
    {
        var state = CounterState.Parse(instance.State);
        return new StepDecision
        {
            NewState = (state with { ActivitiesFailed = state.ActivitiesFailed + 1 }).ToJson(),
            History = [new HistoryEntry("ActivityFailed", $"{activity.Name}:{activity.Attempts}:{activity.LastError}")],
            Response = new StepResponse(200, "noted"),
        };
    }
}
