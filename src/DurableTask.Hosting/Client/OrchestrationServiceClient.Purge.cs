using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace DurableTask.Hosting.Client;

internal sealed partial class OrchestrationServiceClient
{
    // Which instances may be purged (only terminal ones, in DTFx's providers) is the provider's rule, not checked here.
    // Recursive purge of sub-orchestrations is not supported by IOrchestrationServicePurgeClient.
    public override async Task<PurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        Core.PurgeResult result = await this.Purges.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        var coreFilter = new Core.PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(StateConversions.ToCore).ToList())
        {
            Timeout = filter.Timeout,
        };
        Core.PurgeResult result = await this.Purges.PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    private Core.IOrchestrationServicePurgeClient Purges => this.purges ?? throw new NotSupportedException(
        "The orchestration service does not implement IOrchestrationServicePurgeClient.");
}
