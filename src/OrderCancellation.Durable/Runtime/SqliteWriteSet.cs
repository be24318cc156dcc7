using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrderCancellation.Durable.Storage;
using SQLitePCL;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A <see cref="WriteSet"/> as SQLite writes: one single-row statement per kind of row, prepared once on the
/// writer connection and stepped for each row with its values bound by position. In process, a bound step costs
/// little more than SQLite's own b-tree work, where an ADO.NET execution (or a multi-row text SQLite must parse)
/// costs several times that. The rows (and the diff of the stored tags) are built by <see cref="PrepareAsync"/>
/// before the writer is taken (the writer then checks that no instance moved since); under the writer only
/// <see cref="Execute"/> runs.
/// </summary>
internal sealed class SqliteWriteSet
{
    private const string InsertInstance = """
        INSERT INTO durable_instances (instance_id, workflow_name, state, version, status, custom_status, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
        """;

    private const string UpdateInstance = """
        UPDATE durable_instances SET state = ?2, version = ?3, status = ?4, custom_status = ?5, updated_at = ?6 WHERE instance_id = ?1
        """;

    private const string InsertHistory = "INSERT INTO durable_history (instance_id, version, position, event_type, data, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    private const string DeleteTimer = "DELETE FROM durable_timers WHERE instance_id = ?1 AND name = ?2";

    private const string UpsertTimer = """
        INSERT INTO durable_timers (instance_id, name, due_at, payload) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (instance_id, name) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
        """;

    private const string InsertActivity = """
        INSERT INTO durable_activities (activity_id, instance_id, name, payload, state, attempts, claim_token, next_attempt_at, lease_until, last_error, created_at)
        VALUES (?1, ?2, ?3, ?4, 'Pending', 0, 0, ?5, NULL, NULL, ?5)
        """;

    private const string ReadTags = "SELECT instance_id, tag_key, tag_value FROM durable_tags WHERE instance_id IN (SELECT value FROM json_each(@ids))";

    private const string DeleteTag = "DELETE FROM durable_tags WHERE instance_id = ?1 AND tag_key = ?2";

    private const string UpsertTag = """
        INSERT INTO durable_tags (instance_id, tag_key, tag_value) VALUES (?1, ?2, ?3)
        ON CONFLICT (instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
        """;

    private const string InsertKey = """
        INSERT INTO durable_idempotency (instance_id, idempotency_key, fingerprint, status_code, body, version, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        """;

    private readonly List<Statement> _statements = [];
    private readonly WriteSet _set;

    private SqliteWriteSet(WriteSet set) => _set = set;

    /// <summary>
    /// Collects the rows; renders the states decided as objects; reads, on <paramref name="connection"/>, the stored
    /// tags of the instances whose tags change. All of it before the writer is taken.
    /// </summary>
    public static async Task<SqliteWriteSet> PrepareAsync(DbConnection connection, WriteSet set, CancellationToken cancellationToken)
    {
        var prepared = new SqliteWriteSet(set);
        var at = set.At;
        prepared.Add(InsertInstance, set.Created.Select(r => (Row: r, r.State)), (b, r) =>
            b.Text(1, r.Row.InstanceId).Text(2, r.Row.WorkflowName).Text(3, r.State).Int64(4, r.Row.Version).Text(5, r.Row.Status).Text(6, r.Row.CustomStatus).Int64(7, at));
        prepared.Add(UpdateInstance, set.Updated.Select(r => (Row: r, r.State)), (b, r) =>
            b.Text(1, r.Row.InstanceId).Text(2, r.State).Int64(3, r.Row.Version).Text(4, r.Row.Status).Text(5, r.Row.CustomStatus).Int64(6, at));
        prepared.Add(InsertHistory, set.History, (b, r) =>
            b.Text(1, r.InstanceId).Int64(2, r.Version).Int64(3, r.Position).Text(4, r.EventType).Text(5, r.Data).Int64(6, at));
        prepared.Add(DeleteTimer, set.TimersToDelete, (b, r) => b.Text(1, r.InstanceId).Text(2, r.Name));
        prepared.Add(UpsertTimer, set.TimersToUpsert, (b, r) => b.Text(1, r.InstanceId).Text(2, r.Name).Int64(3, r.DueAt).Text(4, r.Payload));
        prepared.Add(InsertActivity, set.Activities, (b, r) => b.Text(1, r.ActivityId).Text(2, r.InstanceId).Text(3, r.Name).Text(4, r.Payload).Int64(5, at));

        var (removed, changed) = await DiffTagsAsync(connection, set, cancellationToken);
        prepared.Add(DeleteTag, removed, (b, r) => b.Text(1, r.InstanceId).Text(2, r.Key));
        prepared.Add(UpsertTag, changed, (b, r) => b.Text(1, r.InstanceId).Text(2, r.Key).Text(3, r.Value));

        prepared.Add(InsertKey, set.Keys, (b, r) =>
            b.Text(1, r.InstanceId).Text(2, r.Key).Text(3, r.Fingerprint).Int64(4, r.StatusCode).Text(5, r.Body).Int64(6, r.Version).Int64(7, at));
        return prepared;
    }

    /// <summary>Writes the rows inside the writer's transaction.</summary>
    public void Execute(StoreTransaction tx, WorkWritten written)
    {
        var db = ((SqliteConnection)tx.Connection).Handle!;
        foreach (var statement in _statements)
        {
            statement.Execute(db, tx.Statement(statement.Sql));
        }

        _set.Report(written);
    }

    /// <summary>The tag rows to delete and write, against the stored tags of the instances whose tags the batch replaced.</summary>
    private static async Task<(List<(string InstanceId, string Key)> Removed, List<(string InstanceId, string Key, string Value)> Changed)> DiffTagsAsync(
        DbConnection connection, WriteSet set, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var existing = set.Tags.Keys.Where(set.ExistedBefore).ToList();
        if (existing.Count > 0)
        {
            await using var read = connection.Sql(ReadTags).With("@ids", JsonSerializer.Serialize(existing));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!stored.TryGetValue(id, out var pairs))
                {
                    stored[id] = pairs = new Dictionary<string, string>(8, StringComparer.Ordinal); // an order has 7 or 8
                }

                pairs[reader.GetString(1)] = reader.GetString(2);
            }
        }

        return set.TagChanges(stored.GetValueOrDefault);
    }

    /// <summary>Keeps <paramref name="rows"/> (materialized now) for one statement; <paramref name="bind"/> binds a row's values by position.</summary>
    private void Add<T>(string sql, IEnumerable<T> rows, Action<RawStatements.RowBinder, T> bind)
    {
        var kept = rows.ToList();
        if (kept.Count > 0)
        {
            _statements.Add(new Statement<T>(sql, kept, bind));
        }
    }

    private abstract class Statement(string sql)
    {
        public string Sql => sql;

        public abstract void Execute(sqlite3 db, sqlite3_stmt statement);
    }

    /// <summary>One statement's rows, bound straight from their fields (no array of boxed values per row).</summary>
    private sealed class Statement<T>(string sql, List<T> rows, Action<RawStatements.RowBinder, T> bind) : Statement(sql)
    {
        public override void Execute(sqlite3 db, sqlite3_stmt statement)
        {
            foreach (var row in rows)
            {
                RawStatements.Execute(db, statement, row, bind);
            }
        }
    }
}
