using Microsoft.Extensions.Logging;

namespace OrderCancellation.Durable;

/// <summary>Every log line of the runtime, with stable event ids (1xxx: schema, 2xxx: steps, 3xxx: timers, 4xxx: activities, 5xxx: pollers and purge, 6xxx: queue).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Applied schema script {Component}/{Script}")]
    public static partial void SchemaScriptApplied(ILogger logger, string component, string script);

    [LoggerMessage(1002, LogLevel.Information, "Schema of the {Provider} store is up to date")]
    public static partial void SchemaUpToDate(ILogger logger, string provider);

    [LoggerMessage(2001, LogLevel.Debug, "Step on {InstanceId} hit a transient store error (attempt {Attempt}); retrying")]
    public static partial void StepRetried(ILogger logger, Exception exception, string instanceId, int attempt);

    [LoggerMessage(3001, LogLevel.Error, "Timer {TimerName} of {InstanceId} belongs to workflow {WorkflowName}, which is not registered; postponed")]
    public static partial void TimerWorkflowMissing(ILogger logger, string instanceId, string timerName, string workflowName);

    [LoggerMessage(3002, LogLevel.Error, "Timer {TimerName} of {InstanceId} failed in OnTimer; postponed")]
    public static partial void TimerHandlerFailed(ILogger logger, Exception exception, string instanceId, string timerName);

    [LoggerMessage(3003, LogLevel.Debug, "Fired {Count} timers")]
    public static partial void TimersFired(ILogger logger, int count);

    [LoggerMessage(4001, LogLevel.Warning, "Activity {ActivityId} ({ActivityName}) was completed with stale claim token {Token}: another worker owns it now; result dropped as a duplicate")]
    public static partial void ActivityDuplicateCompletion(ILogger logger, string activityId, string activityName, long token);

    [LoggerMessage(4002, LogLevel.Warning, "Activity {ActivityId} ({ActivityName}) failed on attempt {Attempt}; retry at {RetryAt}")]
    public static partial void ActivityRetryScheduled(ILogger logger, Exception? exception, string activityId, string activityName, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(4003, LogLevel.Error, "Activity {ActivityId} ({ActivityName}) of {InstanceId} is dead after {Attempts} attempts: {LastError}")]
    public static partial void ActivityDead(ILogger logger, string activityId, string activityName, string instanceId, int attempts, string lastError);

    [LoggerMessage(4004, LogLevel.Error, "OnActivityFailed for {ActivityId} of {InstanceId} could not run (workflow {WorkflowName} missing or failed); the activity stays dead")]
    public static partial void ActivityFailedHandlerFailed(ILogger logger, Exception? exception, string activityId, string instanceId, string workflowName);

    [LoggerMessage(5001, LogLevel.Error, "{Poller} iteration failed; backing off {Delay}")]
    public static partial void PollerFailed(ILogger logger, Exception exception, string poller, TimeSpan delay);

    [LoggerMessage(5002, LogLevel.Information, "Purged {Count} finished instances last updated before {OlderThan}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset olderThan);

    [LoggerMessage(5003, LogLevel.Information, "{Poller} started")]
    public static partial void PollerStarted(ILogger logger, string poller);

    [LoggerMessage(6001, LogLevel.Debug, "Queue message {MessageId} on {QueueName} was not deleted or extended: its pop receipt no longer holds")]
    public static partial void QueueStaleReceipt(ILogger logger, string messageId, string queueName);
}
