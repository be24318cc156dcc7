using OrderCancellation.Api.Notifications;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Email;

/// <summary>
/// Which notices went out by e-mail: <c>notifications.email_message_id</c> and <c>emailed_at</c> (schema 0003), set once
/// the SMTP server accepted the message.
/// </summary>
internal sealed class EmailedNotices(IStoreConnectionFactory connections)
{
    // Both by the primary key.
    private const string SelectSent = "SELECT email_message_id FROM notifications WHERE notification_id = @id AND emailed_at IS NOT NULL";

    private const string MarkSent = """
        UPDATE notifications SET email_message_id = @messageId, emailed_at = @at
        WHERE notification_id = @id AND emailed_at IS NULL
        """;

    /// <summary>The Message-Id the notice was sent with, or null when it has not been sent.</summary>
    public async Task<string?> SentAsync(string notificationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectSent).With("@id", notificationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Records the send; the first record stays (a concurrent attempt that also sent changes nothing).</summary>
    public async Task RecordAsync(string notificationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command(MarkSent).With("@id", notificationId).With("@messageId", messageId).With("@at", at.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
