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

    private const string InsertHistory = """
        INSERT INTO durable_history (instance_id, version, position, event_type, data, at) VALUES (@id, @version, @position, @type, @data, @now)
        """;

    // Scheduling a name again moves the timer (one row per instance and name).
    private const string UpsertTimer = """
        INSERT INTO durable_timers (instance_id, name, due_at, payload) VALUES (@id, @name, @due, @payload)
        ON CONFLICT (instance_id, name) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
        """;

    private const string DeleteTimer = "DELETE FROM durable_timers WHERE instance_id = @id AND name = @name";

    private const string InsertActivity = """
        INSERT INTO durable_activities (activity_id, instance_id, name, payload, state, attempts, claim_token, next_attempt_at, lease_until, last_error, created_at)
        VALUES (@activity, @id, @name, @payload, 'Pending', 0, 0, @now, NULL, NULL, @now)
        """;

    private const string DeleteTags = "DELETE FROM durable_tags WHERE instance_id = @id";

    private const string InsertTag = "INSERT INTO durable_tags (instance_id, tag_key, tag_value) VALUES (@id, @key, @value)";

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
        if (decision.NewState is null)
        {
            return current;
        }

        var at = StoreTime.ToStore(now);
        var version = (current?.Version ?? 0) + 1;
        var status = decision.Status.ToString();
        await batch.AddAsync(current is null ? InsertInstance : UpdateInstance, cancellationToken,
            ("@id", instanceId), ("@workflow", workflowName), ("@state", decision.NewState), ("@version", version),
            ("@status", status), ("@custom", decision.CustomStatus), ("@now", at));

        for (var position = 0; position < decision.History.Count; position++)
        {
            var entry = decision.History[position];
            await batch.AddAsync(InsertHistory, cancellationToken,
                ("@id", instanceId), ("@version", version), ("@position", position), ("@type", entry.EventType), ("@data", entry.Data), ("@now", at));
        }

        foreach (var name in decision.TimersToCancel)
        {
            await batch.AddAsync(DeleteTimer, cancellationToken, ("@id", instanceId), ("@name", name));
        }

        foreach (var timer in decision.TimersToSchedule)
        {
            var due = StoreTime.ToStore(timer.DueAt);
            await batch.AddAsync(UpsertTimer, cancellationToken, ("@id", instanceId), ("@name", timer.Name), ("@due", due), ("@payload", timer.Payload));
            written.Timer(due);
        }

        foreach (var activity in decision.Activities)
        {
            await batch.AddAsync(InsertActivity, cancellationToken,
                ("@activity", Guid.CreateVersion7().ToString("N")), ("@id", instanceId), ("@name", activity.Name), ("@payload", activity.Payload), ("@now", at));
            written.Activities = true;
        }

        if (decision.Tags is { } tags)
        {
            await batch.AddAsync(DeleteTags, cancellationToken, ("@id", instanceId));
            foreach (var (key, value) in tags)
            {
                await batch.AddAsync(InsertTag, cancellationToken, ("@id", instanceId), ("@key", key), ("@value", value));
            }
        }

        if (decision.TransactionalWrites is { } writes)
        {
            await batch.FlushAsync(cancellationToken);
            await writes(tx, cancellationToken);
        }

        return new InstanceSnapshot(
            instanceId,
            current?.WorkflowName ?? workflowName,
            decision.NewState,
            version,
            decision.Status,
            decision.CustomStatus,
            current?.CreatedAt ?? StoreTime.FromStore(at),
            StoreTime.FromStore(at));
    }
}
