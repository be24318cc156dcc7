using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace DurableTask.Hosting.Client;

internal sealed partial class OrchestrationServiceClient
{
    // Waits poll the store: from 10 ms, so a short orchestration is seen promptly, doubling up to 1 s, so a long
    // wait costs the store about one read a second.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(1);

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        IList<Core.OrchestrationState>? states = await this.client.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        Core.OrchestrationState? latest = states?.FirstOrDefault();
        return latest is null ? null : StateConversions.ToMetadata(latest, getInputsAndOutputs ? this.converter : null);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        Core.Query.IOrchestrationServiceQueryClient queries = this.queries ?? throw new NotSupportedException(
            "The orchestration service does not implement IOrchestrationServiceQueryClient.");
        DataConverter? converter = filter?.FetchInputsAndOutputs == true ? this.converter : null;
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var query = new Core.Query.OrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(StateConversions.ToCore).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = converter is not null,
            };
            Core.Query.OrchestrationQueryResult result = await queries.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                result.OrchestrationState.Select(s => StateConversions.ToMetadata(s, converter)).ToList(),
                result.ContinuationToken);
        });
    }

    // An instance not found yet is waited for too: some providers write the status record after accepting the start.
    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        TimeSpan delay = FirstPoll;
        while (true)
        {
            OrchestrationMetadata? metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
        }
    }
}
