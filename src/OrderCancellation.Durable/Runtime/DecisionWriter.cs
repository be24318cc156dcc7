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

    /// <summary>Writes the decision when it carries a new state; returns the instance as it now is (unchanged for a refusal).</summary>
    public static async Task<InstanceSnapshot?> WriteAsync(
        StoreTransaction tx,
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
        await tx.Command(current is null ? InsertInstance : UpdateInstance)
            .With("@id", instanceId).With("@workflow", workflowName).With("@state", decision.NewState).With("@version", version)
            .With("@status", status).With("@custom", decision.CustomStatus).With("@now", at)
            .ExecuteNonQueryAsync(cancellationToken);

        for (var position = 0; position < decision.History.Count; position++)
        {
            var entry = decision.History[position];
            await tx.Command(InsertHistory)
                .With("@id", instanceId).With("@version", version).With("@position", position).With("@type", entry.EventType).With("@data", entry.Data).With("@now", at)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var name in decision.TimersToCancel)
        {
            await tx.Command(DeleteTimer).With("@id", instanceId).With("@name", name).ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var timer in decision.TimersToSchedule)
        {
            var due = StoreTime.ToStore(timer.DueAt);
            await tx.Command(UpsertTimer)
                .With("@id", instanceId).With("@name", timer.Name).With("@due", due).With("@payload", timer.Payload)
                .ExecuteNonQueryAsync(cancellationToken);
            written.Timer(due);
        }

        foreach (var activity in decision.Activities)
        {
            await tx.Command(InsertActivity)
                .With("@activity", Guid.CreateVersion7().ToString("N")).With("@id", instanceId).With("@name", activity.Name)
                .With("@payload", activity.Payload).With("@now", at)
                .ExecuteNonQueryAsync(cancellationToken);
            written.Activities = true;
        }

        if (decision.Tags is { } tags)
        {
            await tx.Command(DeleteTags).With("@id", instanceId).ExecuteNonQueryAsync(cancellationToken);
            foreach (var (key, value) in tags)
            {
                await tx.Command(InsertTag).With("@id", instanceId).With("@key", key).With("@value", value).ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (decision.TransactionalWrites is { } writes)
        {
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
