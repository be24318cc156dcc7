using DurableTask.Relational;

namespace OrderCancellation.Api.Engine;

/// <summary>
/// Wakes a wait on an order when its orchestration may have moved on. Callers register (<see cref="NextStep"/>) before
/// they read, then wait on the task or a back-off delay, whichever ends first: a signal is only ever a shortcut.
/// </summary>
public interface IInstanceSignals
{
    Task NextStep(string instanceId);
}

/// <summary>Our provider signals every orchestration step this process commits: waits end as soon as the outcome is durable.</summary>
internal sealed class RelationalInstanceSignals(RelationalOrchestrationService service) : IInstanceSignals
{
    public Task NextStep(string instanceId) => service.NextStepAsync(instanceId);
}

/// <summary>Other backends tell nothing: waits poll with back-off.</summary>
internal sealed class NoInstanceSignals : IInstanceSignals
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    public Task NextStep(string instanceId) => Never;
}
