using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A <see cref="WriteSet"/> as SQLite statements: each set of rows is one JSON array of row arrays bound to one
/// statement that reads it with <c>json_each</c>, so the SQL text (and its prepared statement) is the same
/// whatever the batch's size and SQLite does the per-row work without a bind or a statement step per row.
/// Everything is built by <see cref="PrepareAsync"/> before the writer is taken (the stored tags too: the writer
/// then checks that no instance moved since); under the writer only <see cref="ExecuteAsync"/> runs.
/// </summary>
internal sealed class SqliteWriteSet
{
    private const string Rows = "json_each(@rows)";

    private const string InsertInstances = $"""
        INSERT INTO durable_instances (instance_id, workflow_name, state, version, status, custom_status, created_at, updated_at)
        SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, @now, @now FROM {Rows}
        """;

    private const string UpdateInstances = $"""
        UPDATE durable_instances AS i
        SET state = j.value->>1, version = j.value->>2, status = j.value->>3, custom_status = j.value->>4, updated_at = @now
        FROM {Rows} AS j WHERE i.instance_id = j.value->>0
        """;

    private const string InsertHistory = $"""
        INSERT INTO durable_history (instance_id, version, position, event_type, data, at)
        SELECT value->>0, value->>1, value->>2, value->>3, value->>4, @now FROM {Rows}
        """;

    private const string DeleteTimers = $"DELETE FROM durable_timers WHERE (instance_id, name) IN (SELECT value->>0, value->>1 FROM {Rows})";

    private const string UpsertTimers = $"""
        INSERT INTO durable_timers (instance_id, name, due_at, payload)
        SELECT value->>0, value->>1, value->>2, value->>3 FROM {Rows} WHERE true
        ON CONFLICT (instance_id, name) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload
        """;

    private const string InsertActivities = $"""
        INSERT INTO durable_activities (activity_id, instance_id, name, payload, state, attempts, claim_token, next_attempt_at, lease_until, last_error, created_at)
        SELECT value->>0, value->>1, value->>2, value->>3, 'Pending', 0, 0, @now, NULL, NULL, @now FROM {Rows}
        """;

    private const string ReadTags = "SELECT instance_id, tag_key, tag_value FROM durable_tags WHERE instance_id IN (SELECT value FROM json_each(@ids))";

    private const string DeleteTags = $"DELETE FROM durable_tags WHERE (instance_id, tag_key) IN (SELECT value->>0, value->>1 FROM {Rows})";

    private const string UpsertTags = $"""
        INSERT INTO durable_tags (instance_id, tag_key, tag_value)
        SELECT value->>0, value->>1, value->>2 FROM {Rows} WHERE true
        ON CONFLICT (instance_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
        """;

    private const string InsertKeys = $"""
        INSERT INTO durable_idempotency (instance_id, idempotency_key, fingerprint, status_code, body, version, created_at)
        SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, @now FROM {Rows}
        """;

    // Only SQLite's JSON parser reads these arrays: no HTML-safe escaping needed, nor the writer's checks.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly List<(string Sql, string Rows)> _statements = [];
    private readonly long _at;
    private readonly WriteSet _set;

    private SqliteWriteSet(WriteSet set)
    {
        _set = set;
        _at = set.At;
    }

    /// <summary>Builds the statements; reads, on <paramref name="connection"/>, the stored tags of the instances whose tags change.</summary>
    public static async Task<SqliteWriteSet> PrepareAsync(DbConnection connection, WriteSet set, CancellationToken cancellationToken)
    {
        var prepared = new SqliteWriteSet(set);
        prepared.Add(InsertInstances, set.Created, (w, r) => w.Strings(r.InstanceId, r.WorkflowName, r.State).Number(r.Version).Strings(r.Status, r.CustomStatus));
        prepared.Add(UpdateInstances, set.Updated, (w, r) => w.Strings(r.InstanceId, r.State).Number(r.Version).Strings(r.Status, r.CustomStatus));
        prepared.Add(InsertHistory, set.History, (w, r) => w.Strings(r.InstanceId).Number(r.Version).Number(r.Position).Strings(r.EventType, r.Data));
        prepared.Add(DeleteTimers, set.TimersToDelete, (w, r) => w.Strings(r.InstanceId, r.Name));
        prepared.Add(UpsertTimers, set.TimersToUpsert, (w, r) => w.Strings(r.InstanceId, r.Name).Number(r.DueAt).Strings(r.Payload));
        prepared.Add(InsertActivities, set.Activities, (w, r) => w.Strings(r.ActivityId, r.InstanceId, r.Name, r.Payload));

        var (removed, changed) = await DiffTagsAsync(connection, set, cancellationToken);
        prepared.Add(DeleteTags, removed, (w, r) => w.Strings(r.InstanceId, r.Key));
        prepared.Add(UpsertTags, changed, (w, r) => w.Strings(r.InstanceId, r.Key, r.Value));

        prepared.Add(InsertKeys, set.Keys, (w, r) => w.Strings(r.InstanceId, r.Key, r.Fingerprint).Number(r.StatusCode).Strings(r.Body).Number(r.Version));
        return prepared;
    }

    /// <summary>Runs the statements inside the writer's transaction.</summary>
    public async Task ExecuteAsync(StoreTransaction tx, WorkWritten written, CancellationToken cancellationToken)
    {
        foreach (var (sql, rows) in _statements)
        {
            await tx.Command(sql).With("@rows", rows).With("@now", _at).ExecuteNonQueryAsync(cancellationToken);
        }

        _set.Report(written);
    }

    /// <summary>
    /// Compares each replaced tag set with what is stored: pairs stored under a key no longer in the set are
    /// deleted, and only new or changed pairs are written (a status change rewrites one or two of an order's tags).
    /// </summary>
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
                    stored[id] = pairs = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                pairs[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var removed = new List<(string, string)>();
        var changed = new List<(string, string, string)>();
        foreach (var (id, tags) in set.Tags)
        {
            var before = stored.GetValueOrDefault(id);
            removed.AddRange(before?.Keys.Where(k => !tags.ContainsKey(k)).Select(k => (id, k)) ?? []);
            changed.AddRange(tags.Where(t => before?.GetValueOrDefault(t.Key) != t.Value).Select(t => (id, t.Key, t.Value)));
        }

        return (removed, changed);
    }

    private void Add<T>(string sql, IEnumerable<T> rows, Action<RowWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var row = new RowWriter(json);
            json.WriteStartArray();
            foreach (var item in rows)
            {
                json.WriteStartArray();
                write(row, item);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        if (buffer.WrittenCount > 2)
        {
            _statements.Add((sql, Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }
    }

    /// <summary>Writes one row's values into its JSON array.</summary>
    private sealed class RowWriter(Utf8JsonWriter json)
    {
        public RowWriter Strings(params ReadOnlySpan<string?> values)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(value);
                }
            }

            return this;
        }

        public RowWriter Number(long value)
        {
            json.WriteNumberValue(value);
            return this;
        }
    }
}
