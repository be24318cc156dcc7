using Microsoft.Extensions.Logging;

namespace DurableTask.Relational;

/// <summary>The provider's log messages; event ids 9000–9099 are this project's.</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Information, "DurableTask.Relational task hub {TaskHub} on {Database} is ready (worker {WorkerId})")]
    public static partial void Ready(this ILogger logger, string taskHub, string database, string workerId);

    [LoggerMessage(9002, LogLevel.Warning, "Dropped a stale completion of orchestration {InstanceId}: its lease (token {Token}) was lost to another worker")]
    public static partial void StaleOrchestrationCompletion(this ILogger logger, string instanceId, long token);

    [LoggerMessage(9003, LogLevel.Warning, "Dropped a stale completion of activity {ActivityRow} of {InstanceId}: its lease (fence {Fence}) was lost to another worker")]
    public static partial void StaleActivityCompletion(this ILogger logger, long activityRow, string instanceId, long fence);

    [LoggerMessage(9004, LogLevel.Warning, "Could not renew the lease of {Kind} {Id}: another worker holds it now")]
    public static partial void LeaseLost(this ILogger logger, string kind, string id);

    [LoggerMessage(9005, LogLevel.Information, "Discarded {Count} message(s) for orchestration {InstanceId} ({Reason})")]
    public static partial void MessagesDiscarded(this ILogger logger, int count, string instanceId, string reason);

    [LoggerMessage(9006, LogLevel.Warning, "Dropped a {EventType} message for orchestration {InstanceId}: no such instance")]
    public static partial void MessageToUnknownInstance(this ILogger logger, string eventType, string instanceId);

    [LoggerMessage(9007, LogLevel.Warning, "Did not create sub-orchestration {InstanceId}: an instance with that id is {Status}")]
    public static partial void SubOrchestrationExists(this ILogger logger, string instanceId, string status);

    [LoggerMessage(9008, LogLevel.Debug, "A claimed work item of {InstanceId} expired before a dispatcher took it")]
    public static partial void ClaimExpired(this ILogger logger, string instanceId);

    [LoggerMessage(9009, LogLevel.Information, "Handed back {Orchestrations} orchestration(s) and {Activities} activity work item(s) on stop (worker {WorkerId}): another worker may take them at once")]
    public static partial void HandedBack(this ILogger logger, int orchestrations, int activities, string workerId);

    [LoggerMessage(9010, LogLevel.Warning, "Could not hand back {Orchestrations} orchestration(s) and {Activities} activity work item(s) on stop; their leases run out instead")]
    public static partial void HandBackFailed(this ILogger logger, Exception exception, int orchestrations, int activities);
}
