using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.ReadModel;

/// <summary>Where a buyer's list resumes: after the order with this purchase date (Unix ms, as stored) and id.</summary>
public sealed record BuyerOrderKey(long PurchaseDate, string OrderId);

/// <summary>A buyer's order with the key of its row, for the next page's token.</summary>
public sealed record BuyerOrder(ProjectedOrder Projected, BuyerOrderKey Key);

/// <summary>
/// A buyer's Your Orders (table <c>buyer_orders</c>): their own orders only, newest first by purchase date then order
/// id, cancelled ones included, keyset-paged. The buyer id is the caller's and always part of the query.
/// </summary>
public sealed class BuyerOrders(IStoreConnectionFactory connections)
{
    // The buyer and the purchase date of an order never change: the first row written stays right.
    private const string Insert = "INSERT INTO buyer_orders (order_id, buyer_id, purchase_date) VALUES (@id, @buyer, @purchased) ON CONFLICT DO NOTHING";

    internal static async Task WriteAsync(StoreTransaction tx, OrderState order, CancellationToken cancellationToken) =>
        await tx.Command(Insert)
            .With("@id", order.OrderId).With("@buyer", order.BuyerId).With("@purchased", order.PurchaseDate.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The buyer's orders whose tags all match (filters within their own orders), newest first, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<BuyerOrder>> ListAsync(
        string buyerId, IReadOnlyDictionary<string, string> tags, BuyerOrderKey? after, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var n = 0;
        foreach (var _ in tags)
        {
            conditions.Add($" AND EXISTS (SELECT 1 FROM order_view_tags t{n} WHERE t{n}.order_id = b.order_id AND t{n}.name = @n{n} AND t{n}.value = @v{n})");
            n++;
        }

        // ix_buyer_orders_buyer (buyer_id, purchase_date, order_id) serves the scan, read backwards.
        var sql = $"""
            SELECT v.version, v.state, b.purchase_date, b.order_id FROM buyer_orders b JOIN order_views v ON v.order_id = b.order_id
            WHERE b.buyer_id = @buyer{(after is null ? string.Empty : " AND (b.purchase_date < @pd OR (b.purchase_date = @pd AND b.order_id < @after))")}{string.Concat(conditions)}
            ORDER BY b.purchase_date DESC, b.order_id DESC LIMIT @limit
            """;
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql).With("@buyer", buyerId).With("@limit", limit)
            .With("@pd", after?.PurchaseDate ?? 0).With("@after", after?.OrderId ?? string.Empty);
        n = 0;
        foreach (var (name, value) in tags)
        {
            command.With($"@n{n}", name).With($"@v{n}", value);
            n++;
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<BuyerOrder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var projected = new ProjectedOrder(OrderJson.State(reader.GetString(1))!, reader.GetInt64(0));
            orders.Add(new BuyerOrder(projected, new BuyerOrderKey(reader.GetInt64(2), reader.GetString(3))));
        }

        return orders;
    }
}
