using Npgsql;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A batch of steps on PostgreSQL in two round trips, whatever its size: (1) lock and read every instance of the
/// batch (one statement, in instance-id order, so two batches never wait in a cycle) and read the stored answers
/// of the batch's keys; then decide each step in order against the instance as the steps before it left it (kept
/// in memory, not read back), and (2) send all the writes, each new key inserted with its answer. Reading keys
/// instead of claiming them first is safe here because every step on an existing instance holds its row lock
/// first; two transactions creating one instance, or one key of an instance that does not exist, collide on a
/// primary key and the later one is retried whole, then replays. Each step behaves exactly as a lone step:
/// replay, reused key, expected version, refusal. A batch naming one key twice runs step by step instead (the
/// second must replay the first's answer, which is not stored yet).
/// </summary>
internal static class PostgresStepBatch
{
    private const string LockAndRead = $"SELECT {InstanceRows.Columns} FROM durable_instances i WHERE i.instance_id = ANY(@ids) ORDER BY i.instance_id FOR UPDATE";

    private const string ReadKeys = """
        SELECT k.instance_id, k.idempotency_key, k.fingerprint, k.status_code, k.body, k.version
        FROM durable_idempotency k
        JOIN unnest(@keyIds::text[], @keyNames::text[]) AS j (instance_id, idempotency_key)
          ON k.instance_id = j.instance_id AND k.idempotency_key = j.idempotency_key
        """;

    /// <summary>True when the batch can run here: no (instance, key) pair appears twice.</summary>
    public static bool Applies(IReadOnlyList<(StepRequest Request, Decide Decide)> steps)
    {
        var keys = new HashSet<(string, string)>();
        return steps.All(s => s.Request.IdempotencyKey is not { } key || keys.Add((s.Request.InstanceId, key)));
    }

    /// <summary>Runs the batch inside <paramref name="tx"/>; the caller commits when <c>KeepAny</c>.</summary>
    public static async Task<(StepResult[] Results, bool KeepAny)> RunAsync(
        StoreTransaction tx, IReadOnlyList<(StepRequest Request, Decide Decide)> steps, WorkWritten written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)tx.Connection;
        var transaction = (NpgsqlTransaction)tx.Transaction;

        // Round trip 1: lock and read the instances, then read the batch's keys that are already stored.
        var instances = new Dictionary<string, InstanceSnapshot?>(StringComparer.Ordinal);
        var known = new Dictionary<(string, string), StepResult>();
        var ids = steps.Select(s => s.Request.InstanceId).Distinct(StringComparer.Ordinal).ToArray();
        var keyed = steps.Select(s => s.Request).Where(r => r.IdempotencyKey is not null).ToArray();
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            read.BatchCommands.Add(new NpgsqlBatchCommand(LockAndRead) { Parameters = { new("@ids", ids) } });
            read.BatchCommands.Add(new NpgsqlBatchCommand(ReadKeys)
            {
                Parameters = { new("@keyIds", keyed.Select(r => r.InstanceId).ToArray()), new("@keyNames", keyed.Select(r => r.IdempotencyKey!).ToArray()) },
            });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var instance = InstanceRows.Read(reader);
                instances[instance.InstanceId] = instance;
            }

            await reader.NextResultAsync(cancellationToken);
            var byKey = keyed.ToDictionary(r => (r.InstanceId, r.IdempotencyKey!));
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var key = reader.GetString(1);
                known[(id, key)] = StepExecutor.Replay(byKey[(id, key)], reader, 2);
            }
        }

        var results = new StepResult[steps.Count];
        var keepAny = false;
        await using var writes = new WriteBatch(tx);
        for (var i = 0; i < steps.Count; i++)
        {
            var (request, decide) = steps[i];
            var current = instances.GetValueOrDefault(request.InstanceId);
            StepExecutor.CheckWorkflow(request, current);
            if (request.IdempotencyKey is { } knownKey && known.TryGetValue((request.InstanceId, knownKey), out var replay))
            {
                results[i] = replay;
                continue;
            }

            if (StepExecutor.Conflicts(request, current) is { } conflict)
            {
                results[i] = conflict; // nothing was claimed, so nothing to release
                continue;
            }

            // Round trip 2 (all steps): the writes, sent together; the next step on this instance sees it in memory.
            var decision = decide(current);
            var after = await DecisionWriter.WriteAsync(tx, writes, request.InstanceId, request.WorkflowName, current, decision, now, written, cancellationToken);
            instances[request.InstanceId] = after;
            var version = after?.Version ?? 0;
            if (request.IdempotencyKey is { } key)
            {
                await writes.AddAsync(StepExecutor.InsertKey, cancellationToken,
                    ("@id", request.InstanceId), ("@key", key), ("@fingerprint", request.RequestFingerprint), ("@status", decision.Response.StatusCode),
                    ("@body", decision.Response.Body), ("@version", version), ("@now", StoreTime.ToStore(now)));
            }

            results[i] = new StepResult(StepOutcome.Applied, decision.Response, version);
            keepAny = true;
        }

        await writes.FlushAsync(cancellationToken);
        return (results, keepAny);
    }
}
