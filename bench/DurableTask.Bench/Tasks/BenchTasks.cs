using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace DurableTask.Bench.Tasks;

/// <summary>The orchestrations and activities every backend runs, registered with the worker's <c>AddTasks</c>.</summary>
internal static class BenchTasks
{
    public const string Go = "go";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<RoundtripOrchestration>()
        .AddActivity<EchoActivity>()
        .AddOrchestrator<TimerOrchestration>()
        .AddActivity<RecordFiringActivity>()
        .AddOrchestrator<WaitingOrchestration>();
}

/// <summary>(a) Waits for the client's event, calls one activity, completes.</summary>
internal sealed class RoundtripOrchestration : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var value = await context.WaitForExternalEvent<int>(BenchTasks.Go);
        return await context.CallActivityAsync<int>(nameof(EchoActivity), value);
    }
}

internal sealed class EchoActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}

/// <summary>(b), (c) Waits for a timer due at its input, then reports the firing. <c>CurrentUtcDateTime</c> after the
/// timer is the timestamp DTFx gave the episode that received the TimerFired message (its OrchestratorStarted event,
/// taken when the provider handed the work item to the dispatcher); the activity adds the wall clock when it runs.</summary>
internal sealed class TimerOrchestration : TaskOrchestrator<DateTime, bool>
{
    public override async Task<bool> RunAsync(TaskOrchestrationContext context, DateTime due)
    {
        await context.CreateTimer(due, CancellationToken.None);
        return await context.CallActivityAsync<bool>(nameof(RecordFiringActivity), new Firing(due, context.CurrentUtcDateTime));
    }
}

internal sealed record Firing(DateTime Due, DateTime HandedOver);

internal sealed class RecordFiringActivity(FiringLog log) : TaskActivity<Firing, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, Firing input)
    {
        log.Record(context.InstanceId, input, DateTime.UtcNow);
        return Task.FromResult(true);
    }
}

/// <summary>(d) Started and then blocked until an event that never comes.</summary>
internal sealed class WaitingOrchestration : TaskOrchestrator<int, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, int input) => context.WaitForExternalEvent<int>("never");
}

/// <summary>Every timer firing seen in this process (one per instance: a retried activity is counted once).</summary>
internal sealed class FiringLog
{
    private readonly ConcurrentDictionary<string, (Firing Firing, DateTime ActivityAt)> _firings = new();

    public int Count => _firings.Count;

    public void Record(string instanceId, Firing firing, DateTime activityAt) => _firings.TryAdd(instanceId, (firing, activityAt));

    public IReadOnlyList<(Firing Firing, DateTime ActivityAt)> Where(string instancePrefix) =>
        _firings.Where(f => f.Key.StartsWith(instancePrefix, StringComparison.Ordinal)).Select(f => f.Value).ToList();
}
