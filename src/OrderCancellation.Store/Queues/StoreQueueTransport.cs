using Microsoft.Extensions.Logging;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Queues;

/// <summary>
/// The embedded queue: Azure Storage queue semantics on a table of the store. Receiving hides a message
/// for the visibility timeout, gives it a fresh pop receipt and counts the dequeue, in one claiming
/// statement (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>); deleting needs the latest pop receipt.
/// Ordering is oldest-visible first, best effort, as on Azure.
/// </summary>
internal sealed class StoreQueueTransport(IStoreConnectionFactory connections, TimeProvider time, ILogger<StoreQueueTransport> logger) : IQueueTransport
{
    private const string CreateQueue = "INSERT INTO store_queues (queue_name, created_at) VALUES (@queue, @now) ON CONFLICT (queue_name) DO NOTHING";

    // Like Azure, sending to a queue that was never created fails.
    private const string Send = """
        INSERT INTO store_queue_messages (message_id, queue_name, body, inserted_at, visible_at, pop_receipt, dequeue_count)
        SELECT @message, @queue, @body, @now, @now, NULL, 0 WHERE EXISTS (SELECT 1 FROM store_queues WHERE queue_name = @queue)
        """;

    private static string Receive(StoreProvider provider) => $"""
        UPDATE store_queue_messages
        SET visible_at = @visibleAt, pop_receipt = @receipt, dequeue_count = dequeue_count + 1
        WHERE sequence IN (
            SELECT sequence FROM store_queue_messages
            WHERE queue_name = @queue AND visible_at <= @now
            ORDER BY visible_at, sequence
            LIMIT @limit{Dialect.SkipLocked(provider)})
        RETURNING sequence, message_id, body, dequeue_count, inserted_at
        """;

    private const string Extend = """
        UPDATE store_queue_messages SET visible_at = @visibleAt, pop_receipt = @newReceipt
        WHERE queue_name = @queue AND message_id = @message AND pop_receipt = @receipt
        """;

    private const string Delete = "DELETE FROM store_queue_messages WHERE queue_name = @queue AND message_id = @message AND pop_receipt = @receipt";

    public async Task CreateIfNotExistsAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command(CreateQueue).With("@queue", queueName).With("@now", StoreTime.ToStore(time.GetUtcNow())).ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task SendAsync(string queueName, string body, CancellationToken cancellationToken = default)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var rows = await tx.Command(Send)
            .With("@message", Guid.CreateVersion7().ToString("N")).With("@queue", queueName).With("@body", body)
            .With("@now", StoreTime.ToStore(time.GetUtcNow()))
            .ExecuteNonQueryAsync(cancellationToken);
        if (rows == 0)
        {
            throw new InvalidOperationException($"Queue '{queueName}' does not exist; create it first.");
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.Zero);
        var received = new List<(long Sequence, QueueMessage Message)>();
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var receipt = Guid.NewGuid().ToString("N");
            await using (var reader = await tx.Command(Receive(tx.Provider))
                .With("@queue", queueName).With("@now", StoreTime.ToStore(now)).With("@visibleAt", StoreTime.ToStore(now + visibilityTimeout))
                .With("@receipt", receipt).With("@limit", maxMessages)
                .ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    received.Add((reader.GetInt64(0), new QueueMessage(queueName, reader.GetString(1), receipt, reader.GetString(2), reader.GetInt32(3), StoreTime.FromStore(reader.GetInt64(4)))));
                }
            }

            await tx.CommitAsync(cancellationToken);
        }

        return [.. received.OrderBy(r => r.Sequence).Select(r => r.Message)];
    }

    public async Task<QueueMessage?> ExtendAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.Zero);
        var receipt = Guid.NewGuid().ToString("N");
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var rows = await tx.Command(Extend)
            .With("@queue", message.QueueName).With("@message", message.MessageId).With("@receipt", message.PopReceipt)
            .With("@newReceipt", receipt).With("@visibleAt", StoreTime.ToStore(time.GetUtcNow() + visibilityTimeout))
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (rows == 0)
        {
            Log.QueueStaleReceipt(logger, message.MessageId, message.QueueName);
            return null;
        }

        return message with { PopReceipt = receipt };
    }

    public async Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var rows = await tx.Command(Delete).With("@queue", message.QueueName).With("@message", message.MessageId).With("@receipt", message.PopReceipt)
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (rows == 0)
        {
            Log.QueueStaleReceipt(logger, message.MessageId, message.QueueName);
        }

        return rows == 1;
    }
}
