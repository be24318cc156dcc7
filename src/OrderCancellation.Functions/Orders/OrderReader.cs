using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;

namespace OrderCancellation.Functions.Orders;

/// <summary>An order as stored, with the version of its instance.</summary>
public sealed record StoredOrder(OrderState Order, long Version, InstanceSnapshot Instance);

/// <summary>Reads orders from their workflow instances (outside any write transaction).</summary>
public sealed class OrderReader(IDurableRuntime runtime)
{
    public async Task<StoredOrder?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var instance = await runtime.GetInstanceAsync(orderId, cancellationToken);
        return instance is { WorkflowName: OrderWorkflow.WorkflowName } && OrderJson.State(instance.State) is { } order
            ? new StoredOrder(order, instance.Version, instance)
            : null;
    }

    /// <summary>Orders whose tags all match, ascending by order id after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<StoredOrder>> QueryAsync(
        IReadOnlyDictionary<string, string> tags, string? after, int limit, CancellationToken cancellationToken = default)
    {
        var page = await runtime.QueryInstancesAsync(new InstanceQuery(OrderWorkflow.WorkflowName, tags, after, limit), cancellationToken);
        return [.. page.Select(i => new StoredOrder(OrderJson.State(i.State)!, i.Version, i))];
    }
}
