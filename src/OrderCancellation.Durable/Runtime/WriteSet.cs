using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// The writes of a batch of decided steps, merged into a few sets of rows so that a provider writes the whole
/// batch in a handful of set-based statements instead of several statements per step. What the batch leaves
/// committed is the same as its steps written one by one: each instance's row holds its last state (the
/// intermediate versions live on in history and in the stored answers); history, activities and keys are
/// every step's rows; a timer holds its last schedule, or is deleted if the last word was a cancel; tags are
/// the last set a step gave. Decisions carrying the app's own <see cref="StepDecision.TransactionalWrites"/>
/// cannot be merged (<see cref="CanMerge"/>): those batches are written step by step.
/// </summary>
internal sealed class WriteSet(DateTimeOffset now)
{
    /// <summary>An instance's row in its last state; <see cref="State"/> renders the JSON (a state decided as an object is rendered only for the row written).</summary>
    public sealed record InstanceRow(string InstanceId, string WorkflowName, StepDecision Decision, long Version, string Status, string? CustomStatus)
    {
        public string State => Decision.StateJson();
    }

    public readonly record struct HistoryRow(string InstanceId, long Version, int Position, string EventType, string Data);

    public readonly record struct TimerRow(string InstanceId, string Name, long DueAt, string Payload);

    public readonly record struct ActivityRow(string ActivityId, string InstanceId, string Name, string Payload);

    public readonly record struct KeyRow(string InstanceId, string Key, string? Fingerprint, int StatusCode, string Body, long Version);

    private readonly Dictionary<string, InstanceRow> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceRow> _updated = new(StringComparer.Ordinal);
    private readonly Dictionary<(string InstanceId, string Name), TimerRow?> _timers = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _tags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _existedBefore = new(StringComparer.Ordinal);

    /// <summary>Store time (Unix ms) of every row's <c>created_at</c>/<c>updated_at</c>/<c>at</c>.</summary>
    public long At { get; } = StoreTime.ToStore(now);

    /// <summary>Instances the batch creates, in their last state.</summary>
    public IEnumerable<InstanceRow> Created => _created.Values;

    /// <summary>Instances that existed before the batch, in their last state.</summary>
    public IEnumerable<InstanceRow> Updated => _updated.Values;

    public List<HistoryRow> History { get; } = [];

    public List<ActivityRow> Activities { get; } = [];

    public List<KeyRow> Keys { get; } = [];

    /// <summary>Timers whose last word in the batch was a schedule (inserted, or moved if they exist).</summary>
    public IEnumerable<TimerRow> TimersToUpsert => _timers.Values.Where(t => t is not null).Select(t => t!.Value);

    /// <summary>Timers whose last word in the batch was a cancel.</summary>
    public IEnumerable<(string InstanceId, string Name)> TimersToDelete => _timers.Where(t => t.Value is null).Select(t => t.Key);

    /// <summary>Each instance whose tags the batch replaced, with its last set (empty: delete them all).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tags => _tags;

    /// <summary>Whether the instance existed before the batch (its stored tags may need deleting or keeping).</summary>
    public bool ExistedBefore(string instanceId) => _existedBefore.Contains(instanceId);

    /// <summary>
    /// The tag rows to write, given what is stored (<paramref name="stored"/>: an instance's pairs, null for none,
    /// as for an instance the batch creates):
    /// stored keys no longer in an instance's last set are removed, and only new or changed pairs are written (a
    /// status change rewrites one or two of an order's tags).
    /// </summary>
    public (List<(string InstanceId, string Key)> Removed, List<(string InstanceId, string Key, string Value)> Changed) TagChanges(
        Func<string, IReadOnlyDictionary<string, string>?> stored)
    {
        var removed = new List<(string, string)>();
        var changed = new List<(string, string, string)>();
        foreach (var (id, tags) in _tags)
        {
            var diff = DecisionWriter.DiffTags(stored(id), tags);
            removed.AddRange(diff.Removed.Select(k => (id, k)));
            changed.AddRange(diff.Changed.Select(t => (id, t.Key, t.Value)));
        }

        return (removed, changed);
    }

    public static bool CanMerge(StepDecision decision) => decision.TransactionalWrites is null;

    /// <summary>Adds one step's writes, in batch order: <paramref name="before"/> is the instance as the batch's earlier steps left it.</summary>
    public void Add(StepRequest request, InstanceSnapshot? before, StepDecision decision, long versionAfter)
    {
        var id = request.InstanceId;
        if (decision.ChangesState)
        {
            AddState(id, request.WorkflowName, before, decision, versionAfter);
        }

        if (request.IdempotencyKey is { } key)
        {
            Keys.Add(new KeyRow(id, key, request.RequestFingerprint, decision.Response.StatusCode, decision.Response.Body, versionAfter));
        }
    }

    /// <summary>Tells the pollers what the batch wrote.</summary>
    public void Report(WorkWritten written)
    {
        foreach (var timer in TimersToUpsert)
        {
            written.Timer(timer.DueAt);
        }

        written.Activities |= Activities.Count > 0;
    }

    private void AddState(string id, string workflowName, InstanceSnapshot? before, StepDecision decision, long version)
    {
        if (before is not null && !_created.ContainsKey(id))
        {
            _existedBefore.Add(id);
        }

        var row = new InstanceRow(id, before?.WorkflowName ?? workflowName, decision, version, decision.Status.ToString(), decision.CustomStatus);
        if (_existedBefore.Contains(id))
        {
            _updated[id] = row;
        }
        else
        {
            _created[id] = row;
        }

        for (var position = 0; position < decision.History.Count; position++)
        {
            History.Add(new HistoryRow(id, version, position, decision.History[position].EventType, decision.History[position].Data));
        }

        // Cancels before schedules, as DecisionWriter runs them.
        foreach (var name in decision.TimersToCancel)
        {
            _timers[(id, name)] = null;
        }

        foreach (var timer in decision.TimersToSchedule)
        {
            _timers[(id, timer.Name)] = new TimerRow(id, timer.Name, StoreTime.ToStore(timer.DueAt), timer.Payload);
        }

        foreach (var activity in decision.Activities)
        {
            Activities.Add(new ActivityRow(ActivityIds.New(), id, activity.Name, activity.Payload));
        }

        if (decision.Tags is { } tags)
        {
            _tags[id] = tags;
        }
    }
}
