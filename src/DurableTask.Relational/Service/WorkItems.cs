using DurableTask.Core;

namespace DurableTask.Relational.Service;

/// <summary>An orchestration work item with what its completion must present: the lease token (fencing) and
/// the ids of the messages it consumed.</summary>
internal sealed class RelationalOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    public required long LockToken { get; init; }

    public required string ExecutionIdAtLock { get; init; }

    public required IReadOnlyList<long> ConsumedMessageIds { get; init; }
}

/// <summary>An activity work item with its row and the fence it was claimed with.</summary>
internal sealed class RelationalActivityWorkItem : TaskActivityWorkItem
{
    public required long Row { get; init; }

    public required long Fence { get; init; }
}

/// <summary>A row leased by a claim statement, waiting in memory for a dispatcher.</summary>
internal sealed record OrchestrationClaim(string InstanceId, string ExecutionId, string Status, long LockToken, long LockedUntil, long HistoryCount);

internal static class Statuses
{
    public static bool IsTerminal(OrchestrationStatus status) => status is OrchestrationStatus.Completed
        or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    public static bool IsTerminal(string status) => IsTerminal(Enum.Parse<OrchestrationStatus>(status));

    public static readonly OrchestrationStatus[] Terminal =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];
}
