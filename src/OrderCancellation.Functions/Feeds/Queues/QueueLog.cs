using Microsoft.Extensions.Logging;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>Log messages of the Azure Storage queue client; event ids 5100–5119 (issue 5, feeds).</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Azure Storage queue {Operation} on '{QueueName}' failed transiently ({Failure}); retry {Retry} of {MaxRetries} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string queueName, string failure, int retry, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Message {MessageId} on '{QueueName}' was not {Operation}: its pop receipt no longer holds ({ErrorCode}); another receiver has it or it is gone")]
    public static partial void LostReceipt(ILogger logger, string operation, string queueName, string messageId, string errorCode);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Created Azure Storage queue '{QueueName}' (or it existed: {StatusCode})")]
    public static partial void QueueCreated(ILogger logger, string queueName, int statusCode);
}
