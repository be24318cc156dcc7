using System.Text.Json;
using Npgsql;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A batch of steps on PostgreSQL in two round trips, whatever its size: (1) lock and read every instance of the
/// batch (one statement, in instance-id order, so two batches never wait in a cycle) and read the stored answers
/// of the batch's keys; then decide each step in order against the instance as the steps before it left it (kept
/// in memory, not read back), and (2) send all the writes, merged into a few set-based statements
/// (<see cref="WriteSet"/>, <see cref="PostgresWriteSet"/>), each new key inserted with its answer. Reading keys
/// instead of claiming them first is safe here because every step on an existing instance holds its row lock
/// first; two transactions creating one instance, or one key of an instance that does not exist, collide on a
/// primary key and the later one is retried whole, then replays. Each step behaves exactly as a lone step:
/// replay, reused key, expected version, refusal; a key named twice is applied by the first step and replayed
/// by the later ones.
/// </summary>
internal static class PostgresStepBatch
{
    // Each instance's stored tags come with it (the batch diffs them against the tags it writes): a subquery per
    // locked row reads them through the primary key whatever the planner thinks of the table, where a join or
    // = ANY over durable_tags was planned as a scan of the whole table while the table grew faster than its statistics.
    private const string LockAndRead = $"""
        SELECT {InstanceRows.Columns},
               (SELECT json_object_agg(t.tag_key, t.tag_value) FROM durable_tags t WHERE t.instance_id = i.instance_id)::text
        FROM durable_instances i WHERE i.instance_id = ANY($1) ORDER BY i.instance_id FOR UPDATE
        """;

    private const string ReadKeys = """
        SELECT k.instance_id, k.idempotency_key, k.fingerprint, k.status_code, k.body, k.version
        FROM durable_idempotency k
        JOIN unnest($1::text[], $2::text[]) AS j (instance_id, idempotency_key)
          ON k.instance_id = j.instance_id AND k.idempotency_key = j.idempotency_key
        """;

    /// <summary>Runs the batch inside <paramref name="tx"/>; the caller commits when <c>KeepAny</c>.</summary>
    public static async Task<(StepResult[] Results, bool KeepAny)> RunAsync(
        StoreTransaction tx, IReadOnlyList<(StepRequest Request, Decide Decide)> steps, WorkWritten written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)tx.Connection;
        var transaction = (NpgsqlTransaction)tx.Transaction;

        // Round trip 1: lock and read the instances, then read the batch's keys that are already stored.
        var ids = steps.Select(s => s.Request.InstanceId).Distinct(StringComparer.Ordinal).ToArray();
        var instances = new Dictionary<string, InstanceSnapshot?>(ids.Length, StringComparer.Ordinal);
        var known = new Dictionary<(string, string), (string? Fingerprint, StepResponse? Response, long Version)>(steps.Count); // deciding adds every step's key
        var storedTags = new Dictionary<string, IReadOnlyDictionary<string, string>>(ids.Length, StringComparer.Ordinal);
        var keyed = steps.Select(s => s.Request).Where(r => r.IdempotencyKey is not null).DistinctBy(r => (r.InstanceId, r.IdempotencyKey)).ToArray();
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            // Positional parameters ($1, $2): Npgsql sends the SQL as written instead of parsing it for names.
            read.BatchCommands.Add(new NpgsqlBatchCommand(LockAndRead) { Parameters = { new() { Value = ids } } });
            read.BatchCommands.Add(new NpgsqlBatchCommand(ReadKeys)
            {
                Parameters = { new() { Value = keyed.Select(r => r.InstanceId).ToArray() }, new() { Value = keyed.Select(r => r.IdempotencyKey!).ToArray() } },
            });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var instance = InstanceRows.Read(reader);
                instances[instance.InstanceId] = instance;
                if (!reader.IsDBNull(8))
                {
                    storedTags[instance.InstanceId] = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8))!;
                }
            }

            await reader.NextResultAsync(cancellationToken);
            await BatchDecisions.ReadKnownKeysAsync(reader, known, cancellationToken);
        }

        var (results, writes) = BatchDecisions.Decide(steps, now, instances, known);
        var keepAny = writes.Any(w => w is not null);
        if (keepAny)
        {
            await WriteAsync(tx, steps, results, writes, storedTags, written, now, cancellationToken);
        }

        return (results, keepAny);
    }

    /// <summary>Round trip 2: all the writes, merged into a few set-based statements (or step by step when the app writes too).</summary>
    private static async Task WriteAsync(
        StoreTransaction tx,
        IReadOnlyList<(StepRequest Request, Decide Decide)> steps,
        StepResult[] results,
        (InstanceSnapshot? Before, StepDecision Decision)?[] writes,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> storedTags,
        WorkWritten written,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (BatchDecisions.Merge(steps, results, writes, now) is { } set)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)tx.Connection, (NpgsqlTransaction)tx.Transaction);
            PostgresWriteSet.AddTo(batch, set, storedTags);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            set.Report(written);
            return;
        }

        await using var stepByStep = new WriteBatch(tx);
        for (var i = 0; i < steps.Count; i++)
        {
            if (writes[i] is not var (before, decision))
            {
                continue;
            }

            var request = steps[i].Request;
            await DecisionWriter.WriteAsync(tx, stepByStep, request.InstanceId, request.WorkflowName, before, decision, now, written, cancellationToken);
            if (request.IdempotencyKey is { } key)
            {
                await stepByStep.AddAsync(StepExecutor.InsertKey, cancellationToken,
                    ("@id", request.InstanceId), ("@key", key), ("@fingerprint", request.RequestFingerprint), ("@status", decision.Response.StatusCode),
                    ("@body", decision.Response.Body), ("@version", results[i].Version), ("@now", StoreTime.ToStore(now)));
            }
        }

        await stepByStep.FlushAsync(cancellationToken);
    }
}
