namespace DurableTask.Relational.Tests.Conformance;

/// <summary>
/// Where a backend is known to differ from what the suite expects, written down once per backend so every
/// relaxation is visible in one place. Our provider's backends use <see cref="None"/>: a check is never weakened for them.
/// </summary>
public sealed record BackendDeviations
{
    public static BackendDeviations None { get; } = new();

    /// <summary>How much earlier than its due time a durable timer may fire. Zero: never early.</summary>
    public TimeSpan TimersMayFireEarlyBy { get; init; } = TimeSpan.Zero;

    /// <summary>What scheduling a new orchestration with the id of a completed instance does (DTFx leaves it to the backend).</summary>
    public CompletedIdReuse ReusingACompletedId { get; init; } = CompletedIdReuse.StartsANewInstance;

    /// <summary>When set, a "restart" keeps the same service object (its store lives in it), for the reason given.</summary>
    public string? RestartKeepsTheServiceObject { get; init; }

    /// <summary>When set, the history scenario is not run, for the reason given (the test prints it).</summary>
    public string? HistoryUnavailable { get; init; }

    public override string ToString() =>
        this == None ? "none" : string.Join("; ", new[]
        {
            TimersMayFireEarlyBy > TimeSpan.Zero ? $"timers may fire up to {TimersMayFireEarlyBy.TotalSeconds:0.###} s early" : null,
            ReusingACompletedId != CompletedIdReuse.StartsANewInstance ? $"a completed id, scheduled again, {ReusingACompletedId}" : null,
            RestartKeepsTheServiceObject is { } restart ? $"restart keeps the service object: {restart}" : null,
            HistoryUnavailable is { } history ? $"no history: {history}" : null,
        }.Where(s => s is not null));
}

public enum CompletedIdReuse
{
    /// <summary>The completed instance is replaced by a new run with the same id.</summary>
    StartsANewInstance,

    /// <summary>The schedule call throws; the completed instance stays as it was.</summary>
    IsRefused,
}
