using Microsoft.DurableTask.Client;
using OrderCancellation.Api.Engine;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// An order's orchestration as the edge sees it: the <see cref="OrderSnapshot"/> it published last (its custom status
/// while it runs, its output once completed; null before its first step), and whether it has finished.
/// </summary>
public sealed record OrderInstance(string OrderId, OrderSnapshot? Snapshot, bool Finished);

/// <summary>Reads orders from their orchestrations through the <see cref="DurableTaskClient"/>: read-your-writes for one order.</summary>
public sealed class OrderSnapshots(IDurableClientSource durable)
{
    public async Task<OrderInstance?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var metadata = await durable.Client.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null || metadata.Name != OrderOrchestration.Name)
        {
            return null;
        }

        var completed = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
        var snapshot = OrderSnapshot.Parse(completed ? metadata.SerializedOutput : metadata.SerializedCustomStatus);
        return new OrderInstance(orderId, snapshot, metadata.IsCompleted);
    }
}
