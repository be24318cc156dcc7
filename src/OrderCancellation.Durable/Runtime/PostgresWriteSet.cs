using Npgsql;
using NpgsqlTypes;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A <see cref="WriteSet"/> as PostgreSQL statements: each set of rows is sent as one array per column and
/// read back with <c>unnest</c>, so a batch is a handful of statements, in one round trip, whatever its size.
/// The caller holds the row locks of every instance updated (the batch read them <c>FOR UPDATE</c>); instances
/// created here are plain inserts, so a concurrent creator fails on the primary key and is retried.
/// </summary>
internal static class PostgresWriteSet
{
    private const string InsertInstances = """
        INSERT INTO durable_instances (instance_id, workflow_name, state, version, status, custom_status, created_at, updated_at)
        SELECT u.*, $7, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[]) AS u
        """;

    private const string UpdateInstances = """
        UPDATE durable_instances AS i SET state = u.state, version = u.version, status = u.status, custom_status = u.custom_status, updated_at = $6
        FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS u (instance_id, state, version, status, custom_status)
        WHERE i.instance_id = u.instance_id
        """;

    private const string InsertHistory = """
        INSERT INTO durable_history (instance_id, version, position, event_type, data, at)
        SELECT u.*, $6 FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[]) AS u
        """;

    private const string DeleteTimers = """
        DELETE FROM durable_timers AS t USING unnest($1::text[], $2::text[]) AS u (instance_id, name)
        WHERE t.instance_id = u.instance_id AND t.name = u.name
        """;

    private const string UpsertTimers = """
        INSERT INTO durable_timers (instance_id, name, due_at, payload)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
        ON CONFLICT (instance_id, name) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
        """;

    private const string InsertActivities = """
        INSERT INTO durable_activities (activity_id, instance_id, name, payload, state, attempts, claim_token, next_attempt_at, lease_until, last_error, created_at)
        SELECT u.*, 'Pending', 0, 0, $5, NULL, NULL, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u
        """;

    // Tags: the batch diffs each replaced set against the stored pairs (read with the instance's lock), so only
    // removed keys are deleted and only new or changed pairs written (a status change rewrites one or two of an
    // order's tags).
    private const string DeleteTags = """
        DELETE FROM durable_tags AS t USING unnest($1::text[], $2::text[]) AS u (instance_id, tag_key)
        WHERE t.instance_id = u.instance_id AND t.tag_key = u.tag_key
        """;

    private const string UpsertTags = """
        INSERT INTO durable_tags (instance_id, tag_key, tag_value)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
        ON CONFLICT (instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
        """;

    private const string InsertKeys = """
        INSERT INTO durable_idempotency (instance_id, idempotency_key, fingerprint, status_code, body, version, created_at)
        SELECT u.*, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bigint[]) AS u
        """;

    /// <summary>Adds the set's statements to <paramref name="batch"/> (sent by the caller).</summary>
    /// <param name="storedTags">The stored tags of the batch's instances that had any.</param>
    public static void AddTo(NpgsqlBatch batch, WriteSet set, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> storedTags)
    {
        var created = set.Created.ToList();
        Add(batch, set, InsertInstances, created.Count,
            created.Select(r => r.InstanceId).ToArray(), created.Select(r => r.WorkflowName).ToArray(), created.Select(r => r.State).ToArray(),
            created.Select(r => r.Version).ToArray(), created.Select(r => r.Status).ToArray(), created.Select(r => r.CustomStatus).ToArray());

        var updated = set.Updated.ToList();
        Add(batch, set, UpdateInstances, updated.Count,
            updated.Select(r => r.InstanceId).ToArray(), updated.Select(r => r.State).ToArray(), updated.Select(r => r.Version).ToArray(),
            updated.Select(r => r.Status).ToArray(), updated.Select(r => r.CustomStatus).ToArray());

        var history = set.History;
        Add(batch, set, InsertHistory, history.Count,
            history.Select(r => r.InstanceId).ToArray(), history.Select(r => r.Version).ToArray(), history.Select(r => r.Position).ToArray(),
            history.Select(r => r.EventType).ToArray(), history.Select(r => r.Data).ToArray());

        var deleted = set.TimersToDelete.ToList();
        Add(batch, set, DeleteTimers, deleted.Count, deleted.Select(t => t.InstanceId).ToArray(), deleted.Select(t => t.Name).ToArray());

        var timers = set.TimersToUpsert.ToList();
        Add(batch, set, UpsertTimers, timers.Count,
            timers.Select(t => t.InstanceId).ToArray(), timers.Select(t => t.Name).ToArray(), timers.Select(t => t.DueAt).ToArray(), timers.Select(t => t.Payload).ToArray());

        var activities = set.Activities;
        Add(batch, set, InsertActivities, activities.Count,
            activities.Select(a => a.ActivityId).ToArray(), activities.Select(a => a.InstanceId).ToArray(), activities.Select(a => a.Name).ToArray(), activities.Select(a => a.Payload).ToArray());

        var (removed, changed) = set.TagChanges(storedTags.GetValueOrDefault);
        Add(batch, set, DeleteTags, removed.Count, removed.Select(t => t.InstanceId).ToArray(), removed.Select(t => t.Key).ToArray());
        Add(batch, set, UpsertTags, changed.Count,
            changed.Select(t => t.InstanceId).ToArray(), changed.Select(t => t.Key).ToArray(), changed.Select(t => t.Value).ToArray());

        var keys = set.Keys;
        Add(batch, set, InsertKeys, keys.Count,
            keys.Select(k => k.InstanceId).ToArray(), keys.Select(k => k.Key).ToArray(), keys.Select(k => k.Fingerprint).ToArray(),
            keys.Select(k => k.StatusCode).ToArray(), keys.Select(k => k.Body).ToArray(), keys.Select(k => k.Version).ToArray());
    }

    private static void Add(NpgsqlBatch batch, WriteSet set, string sql, int rows, params Array[] columns)
    {
        if (rows > 0)
        {
            batch.BatchCommands.Add(Statement(sql, set, columns));
        }
    }

    /// <summary>
    /// A statement with the columns as <c>$1</c> … <c>$n</c> (arrays: text, bigint or int) and the batch's time as
    /// <c>$n+1</c> where it uses one. Positional parameters: Npgsql sends the SQL as written, where named ones make it
    /// parse and rewrite every statement of every batch.
    /// </summary>
    private static NpgsqlBatchCommand Statement(string sql, WriteSet set, params Array[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = column switch
                {
                    long[] => NpgsqlDbType.Array | NpgsqlDbType.Bigint,
                    int[] => NpgsqlDbType.Array | NpgsqlDbType.Integer,
                    _ => NpgsqlDbType.Array | NpgsqlDbType.Text,
                },
                Value = column,
            });
        }

        if (sql.Contains($"${columns.Length + 1}", StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = set.At });
        }

        return command;
    }
}
