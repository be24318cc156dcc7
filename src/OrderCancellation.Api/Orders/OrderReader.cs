using OrderCancellation.Domain.Model;
using OrderCancellation.Api.ReadModel;

namespace OrderCancellation.Api.Orders;

/// <summary>An order at a version.</summary>
public sealed record StoredOrder(OrderState Order, long Version);

/// <summary>
/// Reads orders: one order from its orchestration (read-your-writes: what a 2xx answer changed is there), lists from
/// the read model (eventually consistent: it lags by the projection activity).
/// </summary>
public sealed class OrderReader(OrderSnapshots snapshots, OrderReadModel readModel)
{
    public async Task<StoredOrder?> GetAsync(string orderId, CancellationToken cancellationToken = default) =>
        await snapshots.GetAsync(orderId, cancellationToken) is { Snapshot: { Order: { } order } snapshot }
            ? new StoredOrder(order, snapshot.Version)
            : null;

    /// <summary>Orders whose tags all match, ascending by order id after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<StoredOrder>> QueryAsync(
        IReadOnlyDictionary<string, string> tags, string? after, int limit, CancellationToken cancellationToken = default) =>
        [.. (await readModel.QueryAsync(tags, after, limit, cancellationToken)).Select(o => new StoredOrder(o.Order, o.Version))];
}
