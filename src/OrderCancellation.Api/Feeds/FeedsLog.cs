namespace OrderCancellation.Api.Feeds;

/// <summary>Feed ingestion's log lines (7000–7099), with stable event ids.</summary>
internal static partial class FeedsLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Feed {FeedId} ({FeedType}) of seller {SellerId} stored ({Bytes} bytes) and queued")]
    public static partial void FeedSubmitted(ILogger logger, string feedId, string feedType, string sellerId, long bytes);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Feed {FeedId} is {Status}: {Processed} records processed, {Errors} with error, {Warnings} with warning")]
    public static partial void FeedEnded(ILogger logger, string feedId, string status, long processed, long errors, long warnings);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Feed {FeedId} is FATAL: {Code}: {Reason}")]
    public static partial void FeedFatal(ILogger logger, string feedId, string code, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Feed {FeedId} does not exist; message dropped")]
    public static partial void FeedMissing(ILogger logger, string feedId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Feed {FeedId} has ended already ({Status}); message acknowledged")]
    public static partial void FeedAlreadyEnded(ILogger logger, string feedId, string status);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Feed {FeedId}: checkpoint {Checkpoint} was moved by another run; this run stops")]
    public static partial void FeedRunSuperseded(ILogger logger, string feedId, long checkpoint);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Feed {FeedId} resumes after entry {Checkpoint}")]
    public static partial void FeedResumed(ILogger logger, string feedId, long checkpoint);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Feed queue consumer on '{QueueName}' started ({Transport})")]
    public static partial void ConsumerStarted(ILogger logger, string queueName, string transport);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Feed queue consumer is off: {Why}")]
    public static partial void ConsumerOff(ILogger logger, string why);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Error, Message = "Feed queue consumer iteration failed; backing off {Delay}")]
    public static partial void ConsumerFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Error, Message = "Feed message {MessageId} failed on delivery {DequeueCount}")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Error, Message = "Feed message {MessageId} moved to '{PoisonQueue}' after {DequeueCount} deliveries: {Why}")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string poisonQueue, int dequeueCount, string why);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Debug, Message = "Feed message {MessageId} handled on delivery {DequeueCount}")]
    public static partial void MessageHandled(ILogger logger, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Warning, Message = "Feed message {MessageId} was handled but not deleted: its pop receipt no longer holds (another delivery has it)")]
    public static partial void MessageNotDeleted(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Error, Message = "Feed {FeedId} was stored but its message could not be queued; the submission is undone")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, string feedId);

    [LoggerMessage(EventId = 7017, Level = LogLevel.Warning, Message = "Feed message {MessageId} on '{QueueName}' could not be kept hidden: its pop receipt no longer holds (another delivery has it)")]
    public static partial void LeaseLost(ILogger logger, string messageId, string queueName);

    [LoggerMessage(EventId = 7018, Level = LogLevel.Warning, Message = "Extending feed message {MessageId} on '{QueueName}' failed; retrying in {Interval}")]
    public static partial void LeaseExtendFailed(ILogger logger, Exception exception, string messageId, string queueName, TimeSpan interval);
}
