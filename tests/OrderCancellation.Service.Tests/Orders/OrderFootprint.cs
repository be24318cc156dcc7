using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OrderCancellation.Api.Engine;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// Everything the service has written about one order, read straight from the tables: the app's rows (kept command
/// answers, audit trail, notices, ledger, read-model version) and the Durable Task provider's (the instance row with its
/// history count, update time and custom status, its messages and activities). Two equal footprints: nothing was written.
/// </summary>
internal sealed record OrderFootprint(string App, string Durable)
{
    private const string AppSql = """
        SELECT (SELECT COUNT(*) FROM command_answers WHERE order_id = @id),
               (SELECT COUNT(*) FROM order_events WHERE order_id = @id),
               (SELECT COUNT(*) FROM notifications WHERE order_id = @id),
               (SELECT COUNT(*) FROM ledger_entries WHERE order_id = @id),
               (SELECT COALESCE(MAX(version), 0) FROM order_views WHERE order_id = @id)
        """;

    public static async Task<OrderFootprint> ReadAsync(ServiceHost host, string orderId)
    {
        var (app, durable, prefix) = Connections(host);
        await using (app)
        await using (durable)
        {
            var appRow = await RowAsync(app, AppSql, orderId);
            var durableRow = await RowAsync(durable, $"""
                SELECT i.history_count, i.last_updated_at, COALESCE(i.custom_status, ''), i.status,
                       (SELECT COUNT(*) FROM {prefix}messages m WHERE m.instance_id = @id),
                       (SELECT COUNT(*) FROM {prefix}activities a WHERE a.instance_id = @id)
                FROM {prefix}instances i WHERE i.instance_id = @id
                """, orderId);
            return new OrderFootprint(appRow, durableRow);
        }
    }

    /// <summary>
    /// Waits until the order's orchestration has nothing left to do now (not held by a worker, no activity queued or
    /// running, no message due; timers further out may wait) and its read model has caught up: then nothing but a new
    /// request can change its footprint.
    /// </summary>
    public static async Task QuietAsync(ServiceHost host, string orderId)
    {
        await host.ProjectedAsync(orderId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (app, durable, prefix) = Connections(host);
            await using (app)
            await using (durable)
            {
                var busy = await RowAsync(durable, $"""
                    SELECT CASE WHEN i.lock_owner IS NULL THEN 0 ELSE 1 END,
                           (SELECT COUNT(*) FROM {prefix}activities a WHERE a.instance_id = @id),
                           (SELECT COUNT(*) FROM {prefix}messages m WHERE m.instance_id = @id AND m.visible_at <= {DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)})
                    FROM {prefix}instances i WHERE i.instance_id = @id
                    """, orderId);
                if (busy == "0|0|0")
                {
                    await host.ProjectedAsync(orderId);
                    return;
                }

                Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} is still busy (locked|activities|due messages): {busy}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The app's store and the provider's tables: one PostgreSQL database (schema <c>dt</c>), or SQLite's two files.</summary>
    private static (DbConnection App, DbConnection Durable, string Prefix) Connections(ServiceHost host)
    {
        var store = host.Services.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString;
        return host.Store == StoreKind.Postgres
            ? (new NpgsqlConnection(store), new NpgsqlConnection(store), "\"dt\".")
            : (new SqliteConnection(store), new SqliteConnection(WorkflowEngineSetup.EngineFile(store)), "dt_");
    }

    private static async Task<string> RowAsync(DbConnection connection, string sql, string orderId)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = orderId;
        command.Parameters.Add(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No row for order {orderId}: {sql}");
        return string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
    }
}
