namespace OrderCancellation.Durable;

public enum InstanceStatus
{
    Running,
    Completed,
    Failed,
    Terminated,
}

public sealed record InstanceSnapshot(
    string InstanceId,
    string WorkflowName,
    string State,
    long Version,
    InstanceStatus Status,
    string? CustomStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    private readonly Func<string>? _renderState;
    private string? _state = State;

    /// <summary>The state as JSON (for an instance a batch changed in memory, rendered on first use).</summary>
    public string State
    {
        get => _state ??= _renderState!();
        init => _state = value;
    }

    /// <summary>
    /// The state as the workflow's own object, when an earlier step of the same batch decided it
    /// (<see cref="Steps.StepDecision.NewStateValue"/>); <c>null</c> when the instance was read from the store.
    /// </summary>
    public object? StateValue { get; init; }

    /// <summary>Renders <see cref="State"/> when it is first read (an instance changed in memory by a batch's step).</summary>
    internal Func<string>? RenderState
    {
        init
        {
            if (value is not null)
            {
                _renderState = value;
                _state = null;
            }
        }
    }
}

/// <param name="Sequence">1-based position in the instance's history (ordered by version, then by order within the step).</param>
public sealed record HistoryRecord(long Sequence, string InstanceId, long Version, string EventType, string Data, DateTimeOffset At);

public sealed record PendingTimer(string Name, DateTimeOffset DueAt);

/// <param name="State"><c>Pending</c> (waiting for its next attempt), <c>Running</c> (claimed, lease held) or <c>Dead</c> (attempts exhausted).</param>
public sealed record PendingActivity(string ActivityId, string Name, string State, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>A Durable Functions-style status of one instance.</summary>
/// <param name="RuntimeStatus">
/// The instance's status as the workflow decided it, except that <see cref="InstanceStatus.Completed"/> is
/// only reported once no timer is pending and no activity is pending or running (dead ones do not count):
/// until then it reads <see cref="InstanceStatus.Running"/>.
/// </param>
/// <param name="Activities">Activities not completed yet, dead ones included.</param>
public sealed record InstanceStatusReport(
    InstanceSnapshot Instance,
    InstanceStatus RuntimeStatus,
    IReadOnlyList<PendingTimer> PendingTimers,
    IReadOnlyList<PendingActivity> Activities);

/// <param name="Tags">Every pair must match (AND).</param>
/// <param name="After">Continue after this instance id (keyset paging, ascending by id).</param>
public sealed record InstanceQuery(string WorkflowName, IReadOnlyDictionary<string, string> Tags, string? After, int Limit);
