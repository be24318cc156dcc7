using System.Collections.Concurrent;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Writes one decision inside an open transaction whose caller already holds the instance (row lock on
/// PostgreSQL, the writer on SQLite). Shared by steps, fired timers and dead activities.
/// </summary>
internal static class DecisionWriter
{
    private const string InsertInstance = """
        INSERT INTO durable_instances (instance_id, workflow_name, state, version, status, custom_status, created_at, updated_at)
        VALUES (@id, @workflow, @state, @version, @status, @custom, @now, @now)
        """;

    private const string UpdateInstance = """
        UPDATE durable_instances SET state = @state, version = @version, status = @status, custom_status = @custom, updated_at = @now
        WHERE instance_id = @id
        """;

    // History, activities and tags go in one multi-row INSERT each, timers are cancelled in one DELETE: a step
    // is a handful of statements whatever it decided (the texts per row count are built once, see Rows).
    private const string InsertHistory = "INSERT INTO durable_history (instance_id, version, position, event_type, data, at) VALUES ";

    // Scheduling a name again moves the timer (one row per instance and name).
    private const string UpsertTimer = """
        INSERT INTO durable_timers (instance_id, name, due_at, payload) VALUES (@id, @name, @due, @payload)
        ON CONFLICT (instance_id, name) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
        """;

    private const string DeleteTimers = "DELETE FROM durable_timers WHERE instance_id = @id AND name IN (";

    private const string InsertActivity =
        "INSERT INTO durable_activities (activity_id, instance_id, name, payload, state, attempts, claim_token, next_attempt_at, lease_until, last_error, created_at) VALUES ";

    // Tags are replaced as a set, but only what changed is written: keys no longer in the set are deleted, and the
    // upsert skips rows whose value is the same (a status change rewrites one or two of an order's eight tags).
    private const string DeleteTags = "DELETE FROM durable_tags WHERE instance_id = @id";

    private static string DeleteOtherTags(StoreProvider provider) =>
        $"DELETE FROM durable_tags WHERE instance_id = @id AND NOT (tag_key {Dialect.InList(provider, "@keys")})";

    private static string DeleteSomeTags(StoreProvider provider) =>
        $"DELETE FROM durable_tags WHERE instance_id = @id AND tag_key {Dialect.InList(provider, "@keys")}";

    private const string ReadTags = "SELECT tag_key, tag_value FROM durable_tags WHERE instance_id = @id";

    private const string UpsertTags = "INSERT INTO durable_tags (instance_id, tag_key, tag_value) VALUES ";

    private const string UpsertTagsTail =
        " ON CONFLICT (instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value WHERE durable_tags.tag_value <> excluded.tag_value";

    private static readonly ConcurrentDictionary<(string Head, int Rows), string> Texts = new();

    /// <summary><paramref name="head"/>, <paramref name="rows"/> items made by <paramref name="row"/> (given the row number), <paramref name="tail"/>.</summary>
    private static string Rows(string head, int rows, Func<int, string> row, string tail = "") =>
        Texts.GetOrAdd((head, rows), key => key.Head + string.Join(", ", Enumerable.Range(0, key.Rows).Select(row)) + tail);

    /// <summary>
    /// Queues the decision's writes on <paramref name="batch"/> when it carries a new state (the caller flushes;
    /// the app's transactional writes, if any, run after a flush); returns the instance as it now is
    /// (unchanged for a refusal).
    /// </summary>
    public static async Task<InstanceSnapshot?> WriteAsync(
        StoreTransaction tx,
        WriteBatch batch,
        string instanceId,
        string workflowName,
        InstanceSnapshot? current,
        StepDecision decision,
        DateTimeOffset now,
        WorkWritten written,
        CancellationToken cancellationToken)
    {
        if (!decision.ChangesState)
        {
            return current;
        }

        var at = StoreTime.ToStore(now);
        var version = (current?.Version ?? 0) + 1;
        var status = decision.Status.ToString();
        await batch.AddAsync(current is null ? InsertInstance : UpdateInstance, cancellationToken,
            ("@id", instanceId), ("@workflow", workflowName), ("@state", decision.StateJson()), ("@version", version),
            ("@status", status), ("@custom", decision.CustomStatus), ("@now", at));

        var parameters = new List<(string Name, object? Value)>();
        if (decision.History.Count > 0)
        {
            parameters.AddRange([("@id", instanceId), ("@version", version), ("@now", at)]);
            for (var position = 0; position < decision.History.Count; position++)
            {
                var entry = decision.History[position];
                parameters.AddRange([($"@p{position}", position), ($"@t{position}", entry.EventType), ($"@d{position}", entry.Data)]);
            }

            await batch.AddAsync(Rows(InsertHistory, decision.History.Count, n => $"(@id, @version, @p{n}, @t{n}, @d{n}, @now)"), cancellationToken, [.. parameters]);
        }

        if (decision.TimersToCancel.Count > 0)
        {
            parameters.Clear();
            parameters.Add(("@id", instanceId));
            for (var n = 0; n < decision.TimersToCancel.Count; n++)
            {
                parameters.Add(($"@n{n}", decision.TimersToCancel[n]));
            }

            await batch.AddAsync(
                Rows(DeleteTimers, decision.TimersToCancel.Count, n => $"@n{n}", ")"), cancellationToken, [.. parameters]);
        }

        foreach (var timer in decision.TimersToSchedule)
        {
            var due = StoreTime.ToStore(timer.DueAt);
            await batch.AddAsync(UpsertTimer, cancellationToken, ("@id", instanceId), ("@name", timer.Name), ("@due", due), ("@payload", timer.Payload));
            written.Timer(due);
        }

        if (decision.Activities.Count > 0)
        {
            parameters.Clear();
            parameters.AddRange([("@id", instanceId), ("@now", at)]);
            for (var n = 0; n < decision.Activities.Count; n++)
            {
                var activity = decision.Activities[n];
                parameters.AddRange([($"@a{n}", ActivityIds.New()), ($"@n{n}", activity.Name), ($"@p{n}", activity.Payload)]);
            }

            await batch.AddAsync(
                Rows(InsertActivity, decision.Activities.Count, n => $"(@a{n}, @id, @n{n}, @p{n}, 'Pending', 0, 0, @now, NULL, NULL, @now)"), cancellationToken, [.. parameters]);
            written.Activities = true;
        }

        if (decision.Tags is { Count: 0 })
        {
            await batch.AddAsync(DeleteTags, cancellationToken, ("@id", instanceId));
        }
        else if (decision.Tags is { } tags)
        {
            var changed = tags;
            if (current is not null && tx.Provider == StoreProvider.Sqlite)
            {
                // In process, reading the few stored tags is cheaper than seeking every one of them to upsert it.
                (changed, var removed) = await DiffStoredTagsAsync(tx, instanceId, tags, cancellationToken);
                if (removed.Count > 0)
                {
                    await batch.AddAsync(DeleteSomeTags(tx.Provider), cancellationToken, ("@id", instanceId), ("@keys", Dialect.ListParameter(tx.Provider, removed)));
                }
            }
            else if (current is not null)
            {
                await batch.AddAsync(DeleteOtherTags(tx.Provider), cancellationToken, ("@id", instanceId), ("@keys", Dialect.ListParameter(tx.Provider, [.. tags.Keys])));
            }

            if (changed.Count > 0)
            {
                parameters.Clear();
                parameters.Add(("@id", instanceId));
                var n = 0;
                foreach (var (key, value) in changed)
                {
                    parameters.AddRange([($"@k{n}", key), ($"@v{n}", value)]);
                    n++;
                }

                await batch.AddAsync(Rows(UpsertTags, changed.Count, i => $"(@id, @k{i}, @v{i})", UpsertTagsTail), cancellationToken, [.. parameters]);
            }
        }

        if (decision.TransactionalWrites is { } writes)
        {
            await batch.FlushAsync(cancellationToken);
            await writes(tx, cancellationToken);
        }

        return After(instanceId, workflowName, current, decision, now);
    }

    /// <summary>What differs between <paramref name="tags"/> and the instance's stored tags: pairs to write, keys to delete.</summary>
    private static async Task<(IReadOnlyDictionary<string, string> Changed, List<string> Removed)> DiffStoredTagsAsync(
        StoreTransaction tx, string instanceId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await tx.Command(ReadTags).With("@id", instanceId).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = reader.GetString(1);
        }

        return DiffTags(stored, tags);
    }

    /// <summary>Replacing <paramref name="stored"/> tags by <paramref name="tags"/>: the pairs new or changed, and the stored keys no longer in the set.</summary>
    internal static (IReadOnlyDictionary<string, string> Changed, List<string> Removed) DiffTags(
        IReadOnlyDictionary<string, string>? stored, IReadOnlyDictionary<string, string> tags)
    {
        var changed = tags.Where(t => stored?.GetValueOrDefault(t.Key) != t.Value).ToDictionary(StringComparer.Ordinal);
        var removed = stored?.Keys.Where(k => !tags.ContainsKey(k)).ToList() ?? [];
        return (changed, removed);
    }

    /// <summary>The instance as <see cref="WriteAsync"/> leaves it (unchanged for a refusal), without writing anything.</summary>
    public static InstanceSnapshot? After(string instanceId, string workflowName, InstanceSnapshot? current, StepDecision decision, DateTimeOffset now)
    {
        if (!decision.ChangesState)
        {
            return current;
        }

        var at = StoreTime.FromStore(StoreTime.ToStore(now));
        return new InstanceSnapshot(
            instanceId,
            current?.WorkflowName ?? workflowName,
            decision.NewState!,
            (current?.Version ?? 0) + 1,
            decision.Status,
            decision.CustomStatus,
            current?.CreatedAt ?? at,
            at)
        {
            StateValue = decision.NewStateValue,
            RenderState = decision.NewState is null ? decision.StateJson : null,
        };
    }
}
