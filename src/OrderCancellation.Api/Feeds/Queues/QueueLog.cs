using Microsoft.Extensions.Logging;

namespace OrderCancellation.Api.Feeds.Queues;

/// <summary>
/// Log messages of the Azure Storage queue transport; event ids 5100–5119 (issue 5, feeds). 5100 (a retry) is retired:
/// the SDK retries, and reports its retries through its own event source (<c>Azure-Core</c>).
/// </summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Message {MessageId} on '{QueueName}' was not {Operation}: its pop receipt no longer holds ({ErrorCode}); another receiver has it or it is gone")]
    public static partial void LostReceipt(ILogger logger, string operation, string queueName, string messageId, string errorCode);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Azure Storage queue '{QueueName}' is there (created now: {Created})")]
    public static partial void QueueCreated(ILogger logger, string queueName, bool created);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Message {MessageId} on '{QueueName}' is not base64 (check the producer's message encoding); moved to '{PoisonQueueName}' on delivery {DequeueCount}")]
    public static partial void UndecodablePoisoned(ILogger logger, string messageId, string queueName, string poisonQueueName, long dequeueCount);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Message {MessageId} on '{QueueName}' was handed back unfinished (the consumer is stopping): visible again at once, delivery {DequeueCount} counted")]
    public static partial void HandedBack(ILogger logger, string messageId, string queueName, int dequeueCount);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Could not hand back message {MessageId} on '{QueueName}' (the consumer is stopping); it reappears when its visibility timeout ends")]
    public static partial void HandBackFailed(ILogger logger, Exception exception, string messageId, string queueName);
}
