using System.Collections.Concurrent;
using System.Globalization;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>A counter workflow for the runtime scenarios; records how late each timer fired.</summary>
public sealed class BenchWorkflow : IWorkflow
{
    public const string WorkflowName = "bench";

    public string Name => WorkflowName;

    public ConcurrentQueue<double> LatenessMs { get; } = new();

    public bool RecordLateness { get; set; }

    public static Decide Increment(IReadOnlyList<TimerRequest>? timers = null) => current =>
    {
        var count = current is null ? 1 : int.Parse(current.State, CultureInfo.InvariantCulture) + 1;
        var state = count.ToString(CultureInfo.InvariantCulture);
        return new StepDecision
        {
            NewState = state,
            History = [new HistoryEntry("Incremented", state)],
            TimersToSchedule = timers ?? [],
            Response = new StepResponse(200, state),
        };
    };

    public StepDecision OnTimer(InstanceSnapshot instance, DueTimer timer, DateTimeOffset now)
    {
        if (RecordLateness)
        {
            LatenessMs.Enqueue((DateTimeOffset.UtcNow - timer.DueAt).TotalMilliseconds);
        }

        return new StepDecision
        {
            NewState = instance.State,
            History = [new HistoryEntry("TimerFired", timer.Name)],
            Response = new StepResponse(200, "fired"),
        };
    }

    public StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now) =>
        StepDecision.Refuse(new StepResponse(200, "ignored"));
}
