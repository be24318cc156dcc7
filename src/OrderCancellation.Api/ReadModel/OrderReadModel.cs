using System.Data.Common;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Orders;
using OrderCancellation.Store.Storage;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Api.ReadModel;

/// <summary>An order as the read model holds it: its state at <paramref name="Version"/>.</summary>
public sealed record ProjectedOrder(OrderState Order, long Version);

/// <summary>One row of an order's audit trail.</summary>
public sealed record ProjectedEvent(long Version, int Position, string EventType, string Data, DateTimeOffset RecordedAt);

/// <summary>
/// The orders' read model (DESIGN §6): the <c>ProjectOrder</c> activity writes each order's latest version, its tags and
/// the events that made it; Manage Orders, the cancellation rate and the audit trail read it. It lags the orchestration
/// by the time the activity takes to run (measured by the bench's feed scenario); <c>GET /api/orders/{id}</c> reads the
/// orchestration itself instead.
/// </summary>
public sealed class OrderReadModel(IStoreConnectionFactory connections, TimeProvider time) : IOrderProjection
{
    // Keeps the highest version: a late or repeated projection changes nothing (0 rows).
    private const string UpsertView = """
        INSERT INTO order_views (order_id, version, state, updated_at) VALUES (@id, @version, @state, @now)
        ON CONFLICT (order_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
        WHERE order_views.version < excluded.version
        """;

    private const string DeleteTags = "DELETE FROM order_view_tags WHERE order_id = @id";

    private const string InsertTag = "INSERT INTO order_view_tags (name, value, order_id) VALUES (@name, @value, @id) ON CONFLICT DO NOTHING";

    private const string InsertEvent = """
        INSERT INTO order_events (order_id, version, position, event_type, data, recorded_at) VALUES (@id, @version, @position, @type, @data, @now)
        ON CONFLICT (order_id, version, position) DO NOTHING
        """;

    private const string SelectEvents = "SELECT version, position, event_type, data, recorded_at FROM order_events WHERE order_id = @id ORDER BY version, position";

    public async Task ProjectAsync(OrderProjection projection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var newer = await tx.Command(UpsertView)
            .With("@id", projection.OrderId).With("@version", projection.Version).With("@state", OrderJson.State(projection.Order)).With("@now", now)
            .ExecuteNonQueryAsync(cancellationToken) == 1;
        if (newer)
        {
            await tx.Command(DeleteTags).With("@id", projection.OrderId).ExecuteNonQueryAsync(cancellationToken);
            foreach (var (name, value) in OrderTags.For(projection.Order))
            {
                await tx.Command(InsertTag).With("@name", name).With("@value", value).With("@id", projection.OrderId).ExecuteNonQueryAsync(cancellationToken);
            }

            await BuyerOrders.WriteAsync(tx, projection.Order, cancellationToken);
            await CountedCancellations.WriteAsync(tx, projection.Order, cancellationToken);
        }

        for (var i = 0; i < projection.Events.Count; i++)
        {
            var @event = projection.Events[i];
            await tx.Command(InsertEvent)
                .With("@id", projection.OrderId).With("@version", projection.Version).With("@position", i).With("@type", @event.EventType)
                .With("@data", OrderJson.HistoryEntry(@event, projection.By ?? Actor.System)).With("@now", now)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Orders whose tags all match (all orders when none are given), ascending by order id after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<ProjectedOrder>> QueryAsync(IReadOnlyDictionary<string, string> tags, string? after, int limit, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Query(tags, after is not null);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql).With("@after", after ?? string.Empty).With("@limit", limit);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<ProjectedOrder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new ProjectedOrder(OrderJson.State(reader.GetString(1))!, reader.GetInt64(0)));
        }

        return orders;
    }

    public async Task<IReadOnlyList<ProjectedEvent>> EventsAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectEvents).With("@id", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<ProjectedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ProjectedEvent(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return events;
    }

    /// <summary>The first tag drives the scan (its primary key is in order id order); the others must hold too.</summary>
    private static (string Sql, List<(string, string)> Parameters) Query(IReadOnlyDictionary<string, string> tags, bool paged)
    {
        var parameters = new List<(string, string)>();
        if (tags.Count == 0)
        {
            return ($"SELECT v.version, v.state FROM order_views v {(paged ? "WHERE v.order_id > @after " : string.Empty)}ORDER BY v.order_id LIMIT @limit", parameters);
        }

        var conditions = new List<string>();
        var n = 0;
        foreach (var (name, value) in tags)
        {
            parameters.Add(($"@n{n}", name));
            parameters.Add(($"@v{n}", value));
            if (n > 0)
            {
                conditions.Add($"EXISTS (SELECT 1 FROM order_view_tags t{n} WHERE t{n}.order_id = t0.order_id AND t{n}.name = @n{n} AND t{n}.value = @v{n})");
            }

            n++;
        }

        var sql = $"""
            SELECT v.version, v.state FROM order_view_tags t0 JOIN order_views v ON v.order_id = t0.order_id
            WHERE t0.name = @n0 AND t0.value = @v0{(paged ? " AND t0.order_id > @after" : string.Empty)}{string.Concat(conditions.Select(c => " AND " + c))}
            ORDER BY t0.order_id LIMIT @limit
            """;
        return (sql, parameters);
    }
}
