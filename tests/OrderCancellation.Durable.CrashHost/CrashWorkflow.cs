using System.Globalization;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Durable.CrashHost;

/// <summary>
/// Command i increments instance c-(i mod 16), schedules timer t-i and enqueues activity s-i; timer t-i,
/// when it fires, enqueues activity t-i. State: "count,timersFired".
/// </summary>
public sealed class CrashWorkflow : IWorkflow
{
    public const string WorkflowName = "crash";
    public const int Instances = 16;

    public string Name => WorkflowName;

    public static string InstanceOf(int command) => $"c-{command % Instances:00}";

    public static Decide Command(int command, DateTimeOffset now) => current =>
    {
        var (count, fired) = Parse(current?.State);
        return new StepDecision
        {
            NewState = Format(count + 1, fired),
            History = [new HistoryEntry("Incremented", command.ToString(CultureInfo.InvariantCulture))],
            TimersToSchedule = [new TimerRequest($"t-{command}", now.AddMilliseconds(command * 37 % 1500), string.Empty)],
            Activities = [new ActivityRequest(EffectActivity.ActivityName, $"s-{command}")],
            Response = new StepResponse(200, "ok"),
        };
    };

    public StepDecision OnTimer(InstanceSnapshot instance, DueTimer timer, DateTimeOffset now)
    {
        var (count, fired) = Parse(instance.State);
        return new StepDecision
        {
            NewState = Format(count, fired + 1),
            History = [new HistoryEntry("TimerFired", timer.Name)],
            Activities = [new ActivityRequest(EffectActivity.ActivityName, timer.Name)],
            Response = new StepResponse(200, "fired"),
        };
    }

    public StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now) => new()
    {
        NewState = instance.State,
        History = [new HistoryEntry("ActivityFailed", activity.Payload)],
        Response = new StepResponse(200, "noted"),
    };

    public static (int Count, int Fired) Parse(string? state)
    {
        if (state is null)
        {
            return (0, 0);
        }

        var parts = state.Split(',');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static string Format(int count, int fired) => string.Create(CultureInfo.InvariantCulture, $"{count},{fired}");
}
