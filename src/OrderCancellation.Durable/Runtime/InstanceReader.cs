using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>Reads outside any write transaction (SQLite WAL readers never wait for the writer).</summary>
internal sealed class InstanceReader(IStoreConnectionFactory connections, TimeProvider time)
{
    private const string SelectHistory = """
        SELECT instance_id, version, event_type, data, at FROM durable_history WHERE instance_id = @id ORDER BY version, position
        """;

    private const string SelectTimers = "SELECT name, due_at FROM durable_timers WHERE instance_id = @id ORDER BY due_at, name";

    private const string SelectActivities = """
        SELECT activity_id, name, state, attempts, next_attempt_at, lease_until, last_error
        FROM durable_activities WHERE instance_id = @id ORDER BY created_at, activity_id
        """;

    public async Task<InstanceSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Sql(InstanceRows.SelectUnlocked).With("@id", instanceId);
        return await InstanceRows.LoadAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Sql(SelectHistory).With("@id", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<HistoryRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new HistoryRecord(records.Count + 1, reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), StoreTime.FromStore(reader.GetInt64(4))));
        }

        return records;
    }

    public async Task<InstanceStatusReport?> GetStatusAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        // One read transaction so the three reads agree (a snapshot on both providers).
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true) // a read snapshot, no write lock
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        InstanceSnapshot? instance;
        await using (var command = Enlist(connection.Sql(InstanceRows.SelectUnlocked).With("@id", instanceId), transaction))
        {
            instance = await InstanceRows.LoadAsync(command, cancellationToken);
        }

        if (instance is null)
        {
            return null;
        }

        var timers = new List<PendingTimer>();
        await using (var command = Enlist(connection.Sql(SelectTimers).With("@id", instanceId), transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                timers.Add(new PendingTimer(reader.GetString(0), StoreTime.FromStore(reader.GetInt64(1))));
            }
        }

        var now = StoreTime.ToStore(time.GetUtcNow());
        var activities = new List<PendingActivity>();
        await using (var command = Enlist(connection.Sql(SelectActivities).With("@id", instanceId), transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = reader.GetString(2);
                var leaseUntil = reader.NullableInt64(5);
                if (state == "Pending" && leaseUntil > now)
                {
                    state = "Running";
                }

                activities.Add(new PendingActivity(
                    reader.GetString(0), reader.GetString(1), state, reader.GetInt32(3),
                    state == "Dead" ? null : StoreTime.FromStore(reader.GetInt64(4)), reader.NullableString(6)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var busy = timers.Count > 0 || activities.Any(a => a.State != "Dead");
        var runtimeStatus = instance.Status == InstanceStatus.Completed && busy ? InstanceStatus.Running : instance.Status;
        return new InstanceStatusReport(instance, runtimeStatus, timers, activities);
    }

    /// <summary>
    /// AND of key=value tags, keyset-paged by instance id. The first tag drives the scan through
    /// <c>ix_durable_tags_lookup</c> (already in instance-id order); the others are point lookups.
    /// </summary>
    public async Task<IReadOnlyList<InstanceSnapshot>> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder();
        var tags = query.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        if (tags.Count == 0)
        {
            sql.Append($"SELECT {InstanceRows.Columns} FROM durable_instances i WHERE i.workflow_name = @workflow");
            if (query.After is not null)
            {
                sql.Append(" AND i.instance_id > @after");
            }
        }
        else
        {
            sql.Append($"SELECT {InstanceRows.Columns} FROM durable_tags t0 JOIN durable_instances i ON i.instance_id = t0.instance_id")
               .Append(" WHERE t0.tag_key = @k0 AND t0.tag_value = @v0 AND i.workflow_name = @workflow");
            command.With("@k0", tags[0].Key).With("@v0", tags[0].Value);
            if (query.After is not null)
            {
                sql.Append(" AND t0.instance_id > @after");
            }

            for (var n = 1; n < tags.Count; n++)
            {
                sql.Append($" AND EXISTS (SELECT 1 FROM durable_tags t{n} WHERE t{n}.instance_id = i.instance_id AND t{n}.tag_key = @k{n} AND t{n}.tag_value = @v{n})");
                command.With($"@k{n}", tags[n].Key).With($"@v{n}", tags[n].Value);
            }
        }

        sql.Append(tags.Count == 0 ? " ORDER BY i.instance_id" : " ORDER BY t0.instance_id").Append(" LIMIT @limit");
        command.CommandText = sql.ToString();
        command.With("@workflow", query.WorkflowName).With("@limit", query.Limit);
        if (query.After is not null)
        {
            command.With("@after", query.After);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<InstanceSnapshot>();
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(InstanceRows.Read(reader));
        }

        return page;
    }

    private static DbCommand Enlist(DbCommand command, DbTransaction transaction)
    {
        command.Transaction = transaction;
        return command;
    }
}
