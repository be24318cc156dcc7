namespace OrderCancellation.Functions.CustomHandler;

/// <summary>Custom-handler logs. Event ids 6000–6099 belong to this area.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "{Function}: the invocation request is not the host's envelope: {Reason}")]
    public static partial void InvalidEnvelope(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "FeedQueueTrigger: message {MessageId} handled (delivery {DequeueCount})")]
    public static partial void FeedMessageHandled(ILogger logger, string? messageId, int dequeueCount);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "FeedQueueTrigger: message {MessageId} failed on delivery {DequeueCount}; the host will deliver it again or poison it")]
    public static partial void FeedMessageFailed(ILogger logger, Exception exception, string? messageId, int dequeueCount);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "{Function}: no IFeedMessageHandler is registered; message {MessageId} stays on the queue")]
    public static partial void FeedHandlerMissing(ILogger logger, string function, string? messageId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "FeedPoisonQueueTrigger: poisoned message {MessageId} recorded: its feed is FATAL unless it had ended")]
    public static partial void PoisonedMessageRecorded(ILogger logger, string? messageId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "FeedPoisonQueueTrigger: poisoned message {MessageId} could not be recorded; the host will deliver it again")]
    public static partial void PoisonedMessageFailed(ILogger logger, Exception exception, string? messageId);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "DurableTick: fired {TimersFired} timers and ran {ActivitiesRun} activities in {ElapsedMs} ms (past due: {IsPastDue})")]
    public static partial void TickCompleted(ILogger logger, int timersFired, int activitiesRun, long elapsedMs, bool isPastDue);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "DurableTick failed; due work waits for the next tick")]
    public static partial void TickFailed(ILogger logger, Exception exception);
}
