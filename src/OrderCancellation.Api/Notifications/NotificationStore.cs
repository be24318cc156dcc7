using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Notifications;

/// <summary>The <c>notifications</c> table: one row per notice, keyed by the id of the activity that produced it.</summary>
internal sealed class NotificationStore(IStoreConnectionFactory connections) : INotificationStore
{
    private const string Insert = """
        INSERT INTO notifications (notification_id, order_id, kind, recipient, subject, body, created_at)
        VALUES (@id, @order, @kind, @recipient, @subject, @body, @createdAt)
        ON CONFLICT (notification_id) DO NOTHING
        """;

    private const string Columns = "notification_id, kind, recipient, subject, body, created_at";

    private const string SelectOne = $"SELECT {Columns} FROM notifications WHERE notification_id = @id";

    // Served by ix_notifications_order.
    private const string SelectForOrder = $"SELECT {Columns} FROM notifications WHERE order_id = @order ORDER BY created_at, notification_id";

    /// <summary>
    /// Stores the notice unless a notice with its id exists (an earlier attempt of the same activity), and
    /// returns the stored one: on a retry that is the first attempt's, times and body included.
    /// </summary>
    public async Task<(StoredNotification Notice, bool Added)> AddAsync(string orderId, StoredNotification notice, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var added = await tx.Command(Insert)
            .With("@id", notice.NotificationId).With("@order", orderId).With("@kind", notice.Kind).With("@recipient", notice.Recipient)
            .With("@subject", notice.Subject).With("@body", notice.Body).With("@createdAt", notice.CreatedAt.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken) == 1;
        StoredNotification stored;
        await using (var reader = await tx.Command(SelectOne).With("@id", notice.NotificationId).ExecuteReaderAsync(cancellationToken))
        {
            stored = await reader.ReadAsync(cancellationToken)
                ? Read(reader)
                : throw new InvalidOperationException($"Notification {notice.NotificationId} vanished inside its transaction.");
        }

        await tx.CommitAsync(cancellationToken);
        return (stored, added);
    }

    public async Task<StoredNotification?> FindAsync(string notificationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectOne).With("@id", notificationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StoredNotification>> ListForOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectForOrder).With("@order", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var notices = new List<StoredNotification>();
        while (await reader.ReadAsync(cancellationToken))
        {
            notices.Add(Read(reader));
        }

        return notices;
    }

    private static StoredNotification Read(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}
