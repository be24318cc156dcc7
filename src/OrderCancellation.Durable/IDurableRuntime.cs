using OrderCancellation.Durable.Steps;

namespace OrderCancellation.Durable;

/// <summary>The runtime's client surface: steps, reads, and the work the pollers (or a host timer trigger) drive.</summary>
public interface IDurableRuntime
{
    /// <summary>Applies one step atomically. A returned <see cref="StepOutcome.Applied"/> means committed.</summary>
    Task<StepResult> ExecuteStepAsync(StepRequest request, Decide decide, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies several steps in one transaction, in list order: each is judged as
    /// <see cref="ExecuteStepAsync"/> would judge it (idempotency replay, expected version, refusals stored) against
    /// the instance as the steps before it left it, and the results come back in the same order. They commit
    /// together, so a returned <see cref="StepOutcome.Applied"/> means committed; an exception (a Decide or
    /// <c>TransactionalWrites</c> throwing, the store failing) commits none of them. Meant for bulk work (feeds):
    /// keep batches to a few hundred steps, since on SQLite every other write waits for the whole batch.
    /// </summary>
    Task<IReadOnlyList<StepResult>> ExecuteStepsAsync(IReadOnlyList<(StepRequest Request, Decide Decide)> steps, CancellationToken cancellationToken = default);

    Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<InstanceStatusReport?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<InstanceSnapshot>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Fires the timers due now (claimed with a lease); returns how many fired.</summary>
    Task<int> RunDueTimersAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs the activities due now (claimed with a lease and fencing token); returns how many ran.</summary>
    Task<int> RunDueActivitiesAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes finished instances last updated before <paramref name="olderThan"/>, in batches; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
