namespace OrderCancellation.Store.Queues;

/// <param name="PopReceipt">Proves this receiver still holds the message; needed to delete it.</param>
/// <param name="DequeueCount">How many times the message has been received, this time included.</param>
public sealed record QueueMessage(string QueueName, string MessageId, string PopReceipt, string Body, int DequeueCount, DateTimeOffset InsertedAt);

/// <summary>
/// A queue with visibility timeouts, like Azure Storage queues: a received message is hidden for the
/// timeout and reappears unless deleted. Implemented by the embedded store queue and the Azure Storage
/// queue (REST) so either can carry feeds.
/// </summary>
public interface IQueueTransport
{
    Task CreateIfNotExistsAsync(string queueName, CancellationToken cancellationToken = default);

    Task SendAsync(string queueName, string body, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hides a received message for <paramref name="visibilityTimeout"/> from now, so work that outlasts the timeout it was
    /// received with keeps it (Azure's Update Message). Returns the message with its new pop receipt, which the next
    /// extend or delete must use, or null when the receipt no longer holds (someone else has it now, or it is gone).
    /// </summary>
    Task<QueueMessage?> ExtendAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; returns false when the pop receipt no longer holds (someone else has it now).</summary>
    Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default);
}
