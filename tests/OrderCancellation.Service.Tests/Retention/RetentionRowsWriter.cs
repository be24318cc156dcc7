using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Retention;

/// <summary>Writes rows of the purged tables at chosen times straight into the host's store, and counts them back.</summary>
internal sealed class RetentionRowsWriter(ServiceHost host)
{
    private IStoreConnectionFactory Store => host.Services.GetRequiredService<IStoreConnectionFactory>();

    public async Task<string> FeedAsync(string status, DateTimeOffset createdAt, DateTimeOffset? endedAt, int reportRows, int chunks, string sellerId = "R-seller")
    {
        var feedId = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            """
            INSERT INTO feeds (feed_id, seller_id, feed_type, status, created_at, ended_at, document_bytes, checkpoint, processed, successful, with_error, with_warning)
            VALUES (@id, @seller, 'POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA', @status, @created, @ended, 3, @rows, @rows, 0, @rows, 0)
            """,
            ("@id", feedId), ("@seller", sellerId), ("@status", status), ("@created", createdAt.ToUnixTimeMilliseconds()),
            ("@ended", endedAt?.ToUnixTimeMilliseconds()), ("@rows", (long)reportRows));
        for (var entry = 1; entry <= reportRows; entry++)
        {
            await WriteAsync(
                """
                INSERT INTO feed_errors (feed_id, entry, record_number, order_id, line_id, error_code, error_type, message)
                VALUES (@id, @entry, @entry, 'R-order', NULL, 'order-not-found', 'Error', 'The order was not found.')
                """,
                ("@id", feedId), ("@entry", (long)entry));
        }

        for (var chunk = 0; chunk < chunks; chunk++)
        {
            await WriteAsync("INSERT INTO feed_documents (feed_id, chunk, data) VALUES (@id, @chunk, @data)", ("@id", feedId), ("@chunk", chunk), ("@data", new byte[] { 1, 2, 3 }));
        }

        return feedId;
    }

    public async Task<string> NoticeAsync(string orderId, DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            "INSERT INTO notifications (notification_id, order_id, kind, recipient, subject, body, created_at) VALUES (@id, @order, 'SellerNotice', 'seller:R', 's', 'b', @at)",
            ("@id", id), ("@order", orderId), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    public async Task<string> LedgerEntryAsync(string orderId, DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            "INSERT INTO ledger_entries (activity_id, order_id, kind, amount, currency, at) VALUES (@id, @order, 'ReleaseAuthorization', '25.00', 'USD', @at)",
            ("@id", id), ("@order", orderId), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    public async Task<string> DeliveryAsync(DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            "INSERT INTO webhook_deliveries (activity_id, subscription_id, status_code, attempt, delivered_at) VALUES (@id, 'R-subscription', 200, 1, @at)",
            ("@id", id), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    public async Task<string> IdempotencyRecordAsync(DateTimeOffset at)
    {
        var id = $"R-{Guid.NewGuid():N}";
        await WriteAsync(
            "INSERT INTO command_answers (order_id, command_id, fingerprint, status_code, body, version, created_at) VALUES (@id, 'key', 'f', 200, '{}', 1, @at)",
            ("@id", id), ("@at", at.ToUnixTimeMilliseconds()));
        return id;
    }

    /// <summary>The read model's status tag of an order (what retention asks to tell an open order from a closed one).</summary>
    public Task OrderStatusAsync(string orderId, string status) =>
        WriteAsync("INSERT INTO order_view_tags (name, value, order_id) VALUES ('orderStatus', @status, @order)", ("@status", status), ("@order", orderId));

    public async Task<long> CountAsync(string table, string column, string value)
    {
        await using var connection = await Store.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {column} = @value";
        command.With("@value", value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task WriteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var tx = await Store.BeginWriteAsync();
        var command = tx.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
