using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using Newtonsoft.Json;

namespace DurableTask.Hosting.Client;

internal sealed partial class OrchestrationServiceClient
{
    /// <summary>
    /// The history as the backend stores it, read through <c>IOrchestrationServiceClient.GetOrchestrationHistoryAsync</c>:
    /// a JSON array in DTFx's own format (its converter records each event's type, as DurableTask.Relational
    /// writes it). A backend whose JSON does not carry the event types cannot be read this way.
    /// </summary>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        cancellation.ThrowIfCancellationRequested();
        if (await this.client.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false) is null)
        {
            throw new ArgumentException($"No orchestration instance has the id '{instanceId}'.", nameof(instanceId));
        }

        var json = await this.client.GetOrchestrationHistoryAsync(instanceId, executionId: null).ConfigureAwait(false);
        try
        {
            return JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(json) ?? [];
        }
        catch (JsonException exception)
        {
            throw new NotSupportedException($"{this.client.GetType().Name}'s history JSON does not carry DTFx's event types.", exception);
        }
    }
}
