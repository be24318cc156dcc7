using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Steps;

namespace OrderCancellation.Durable.Runtime;

/// <summary>The runtime's client surface, composed of its parts.</summary>
internal sealed class DurableRuntime(
    StepExecutor executor,
    InstanceReader reader,
    TimerRunner timers,
    ActivityRunner activities,
    Purger purger,
    IOptions<DurableOptions> options) : IDurableRuntime
{
    public Task<StepResult> ExecuteStepAsync(StepRequest request, Decide decide, CancellationToken cancellationToken = default) =>
        executor.ExecuteAsync(request, decide, cancellationToken);

    public Task<IReadOnlyList<StepResult>> ExecuteStepsAsync(IReadOnlyList<(StepRequest Request, Decide Decide)> steps, CancellationToken cancellationToken = default) =>
        executor.ExecuteManyAsync(steps, cancellationToken);

    public Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        reader.GetAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        reader.GetHistoryAsync(instanceId, cancellationToken);

    public Task<InstanceStatusReport?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) =>
        reader.GetStatusAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<InstanceSnapshot>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        reader.QueryAsync(query, cancellationToken);

    public Task<int> RunDueTimersAsync(CancellationToken cancellationToken = default) => timers.RunDueAsync(cancellationToken);

    public Task<int> RunDueActivitiesAsync(CancellationToken cancellationToken = default) => activities.RunDueAsync(cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) =>
        purger.PurgeAsync(olderThan, options.Value.PurgeBatchSize, cancellationToken);
}
