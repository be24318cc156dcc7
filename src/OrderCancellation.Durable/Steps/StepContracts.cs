using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Steps;

/// <summary>
/// Everything a workflow decided in one step. The runtime commits all of it in one transaction:
/// state (version + 1), history, timers to schedule and cancel, activities, tags, and the response
/// stored under the idempotency key.
/// </summary>
public sealed record StepDecision
{
    /// <summary>The new state as JSON; <c>null</c> (with no <see cref="NewStateValue"/>) leaves the instance untouched (a refusal, or a missing instance stays missing).</summary>
    public string? NewState { get; init; }

    /// <summary>
    /// Instead of <see cref="NewState"/>: the new state as the workflow's own (immutable) object, written as JSON by
    /// <see cref="RenderState"/> only when the runtime stores it. A batch whose steps change one instance one after
    /// another then renders only the last state, and each later step gets the object (<see cref="InstanceSnapshot.StateValue"/>),
    /// not JSON to parse again.
    /// </summary>
    public object? NewStateValue { get; init; }

    /// <summary>Writes <see cref="NewStateValue"/> as JSON.</summary>
    public Func<object, string>? RenderState { get; init; }

    /// <summary>Whether the step changes the instance (a new state, as JSON or as an object).</summary>
    public bool ChangesState => NewState is not null || NewStateValue is not null;

    /// <summary>The new state's JSON (<see cref="NewState"/>, or <see cref="NewStateValue"/> rendered now).</summary>
    public string StateJson() => NewState ?? (RenderState ?? throw new InvalidOperationException($"{nameof(NewStateValue)} needs {nameof(RenderState)}."))(NewStateValue!);

    public InstanceStatus Status { get; init; } = InstanceStatus.Running;

    public string? CustomStatus { get; init; }

    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>Timers are identified by name per instance; scheduling an existing name moves it.</summary>
    public IReadOnlyList<TimerRequest> TimersToSchedule { get; init; } = [];

    public IReadOnlyList<string> TimersToCancel { get; init; } = [];

    public IReadOnlyList<ActivityRequest> Activities { get; init; } = [];

    /// <summary>Searchable key/value pairs that replace the instance's tags (see <c>QueryInstancesAsync</c>); <c>null</c> keeps them.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public required StepResponse Response { get; init; }

    /// <summary>
    /// The app's own writes, run inside the step's transaction after the runtime's writes (only when
    /// <see cref="NewState"/> is set). Throwing rolls the whole step back. Keep it short: on SQLite every
    /// other write in the process waits for it.
    /// </summary>
    public Func<StoreTransaction, CancellationToken, Task>? TransactionalWrites { get; init; }

    public static StepDecision Refuse(StepResponse response) => new() { Response = response };
}

/// <summary>The answer of a step, stored so that a replay of its idempotency key returns it again.</summary>
public sealed record StepResponse(int StatusCode, string Body);

public sealed record HistoryEntry(string EventType, string Data);

public sealed record TimerRequest(string Name, DateTimeOffset DueAt, string Payload);

public sealed record ActivityRequest(string Name, string Payload);

/// <summary>One command for one instance.</summary>
/// <param name="IdempotencyKey">When set, a second step with the same key returns the first response and changes nothing.</param>
/// <param name="RequestFingerprint">A hash of the request; the same key with another fingerprint is refused.</param>
/// <param name="ExpectedVersion">When set, the step is refused unless the instance has this version.</param>
public sealed record StepRequest(
    string InstanceId,
    string WorkflowName,
    string? IdempotencyKey = null,
    string? RequestFingerprint = null,
    long? ExpectedVersion = null);

/// <summary>Decides one step from the instance as it is under the lock (<c>null</c> when it does not exist yet). Must be pure and quick.</summary>
public delegate StepDecision Decide(InstanceSnapshot? current);

public enum StepOutcome
{
    /// <summary>The decision was committed (a refusal with no state change counts too: its response is stored).</summary>
    Applied,
    /// <summary>The idempotency key was seen before; <see cref="StepResult.Response"/> is the stored one.</summary>
    Replayed,
    /// <summary>The expected version did not match.</summary>
    VersionConflict,
    /// <summary>The idempotency key was used before with another request fingerprint.</summary>
    IdempotencyKeyReused,
}

public sealed record StepResult(StepOutcome Outcome, StepResponse? Response, long Version);
