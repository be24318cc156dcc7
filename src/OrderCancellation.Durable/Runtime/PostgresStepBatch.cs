using Npgsql;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A batch of steps on PostgreSQL in a fixed number of round trips, whatever its size: (1) lock and read every
/// instance of the batch (one statement, in instance-id order, so two batches never wait in a cycle); (2) claim
/// every idempotency key; (3) read the answers of the keys that were already there (only when some were);
/// then decide each step in order against the instance as the steps before it left it (kept in memory, not
/// read back), and (4) send all the writes. Each step still behaves exactly as a lone step: replay, reused key,
/// expected version, refusal. A batch naming one key twice runs step by step instead (the second must replay
/// the first's answer, which is not stored yet).
/// </summary>
internal static class PostgresStepBatch
{
    private const string LockAndRead = $"SELECT {InstanceRows.Columns} FROM durable_instances i WHERE i.instance_id = ANY(@ids) ORDER BY i.instance_id FOR UPDATE";

    // The key statements are the lone step's (StepExecutor): one text each, one prepared statement each.

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

        // Round trip 1: lock and read the instances.
        var instances = new Dictionary<string, InstanceSnapshot?>(StringComparer.Ordinal);
        var ids = steps.Select(s => s.Request.InstanceId).Distinct(StringComparer.Ordinal).ToArray();
        await using (var read = new NpgsqlCommand(LockAndRead, connection, transaction) { Parameters = { new("@ids", ids) } })
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var instance = InstanceRows.Read(reader);
                instances[instance.InstanceId] = instance;
            }
        }

        // Round trip 2: claim the keys; 0 rows = the key was there before (a replay or a reused key).
        var claimed = new bool[steps.Count];
        var keyed = Enumerable.Range(0, steps.Count).Where(i => steps[i].Request.IdempotencyKey is not null).ToArray();
        if (keyed.Length > 0)
        {
            await using var claims = new NpgsqlBatch(connection, transaction);
            foreach (var i in keyed)
            {
                var request = steps[i].Request;
                claims.BatchCommands.Add(new NpgsqlBatchCommand(StepExecutor.ClaimKey)
                {
                    Parameters =
                    {
                        new("@id", request.InstanceId), new("@key", request.IdempotencyKey),
                        new("@fingerprint", (object?)request.RequestFingerprint ?? DBNull.Value), new("@now", StoreTime.ToStore(now)),
                    },
                });
            }

            await claims.ExecuteNonQueryAsync(cancellationToken);
            for (var n = 0; n < keyed.Length; n++)
            {
                claimed[keyed[n]] = claims.BatchCommands[n].RecordsAffected == 1;
            }
        }

        // Round trip 3 (only with keys seen before): their stored answers.
        var replays = await ReadKnownKeysAsync(connection, transaction, steps, keyed.Where(i => !claimed[i]).ToArray(), cancellationToken);

        var results = new StepResult[steps.Count];
        var keepAny = false;
        await using var writes = new WriteBatch(tx);
        for (var i = 0; i < steps.Count; i++)
        {
            var (request, decide) = steps[i];
            var current = instances.GetValueOrDefault(request.InstanceId);
            StepExecutor.CheckWorkflow(request, current);
            if (replays.TryGetValue(i, out var replay))
            {
                results[i] = replay;
                continue;
            }

            if (StepExecutor.Conflicts(request, current) is { } conflict)
            {
                results[i] = conflict;
                if (request.IdempotencyKey is { } claimedKey)
                {
                    await writes.AddAsync(StepExecutor.ReleaseKey, cancellationToken, ("@id", request.InstanceId), ("@key", claimedKey));
                }

                continue;
            }

            // Round trip 4 (all steps): the writes, sent together; the next step on this instance sees it in memory.
            var decision = decide(current);
            var after = await DecisionWriter.WriteAsync(tx, writes, request.InstanceId, request.WorkflowName, current, decision, now, written, cancellationToken);
            instances[request.InstanceId] = after;
            var version = after?.Version ?? 0;
            if (request.IdempotencyKey is { } key)
            {
                await writes.AddAsync(StepExecutor.StoreResponse, cancellationToken,
                    ("@id", request.InstanceId), ("@key", key), ("@status", decision.Response.StatusCode), ("@body", decision.Response.Body), ("@version", version));
            }

            results[i] = new StepResult(StepOutcome.Applied, decision.Response, version);
            keepAny = true;
        }

        await writes.FlushAsync(cancellationToken);
        return (results, keepAny);
    }

    private static async Task<Dictionary<int, StepResult>> ReadKnownKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(StepRequest Request, Decide Decide)> steps, int[] known, CancellationToken cancellationToken)
    {
        var replays = new Dictionary<int, StepResult>();
        if (known.Length == 0)
        {
            return replays;
        }

        await using var reads = new NpgsqlBatch(connection, transaction);
        foreach (var i in known)
        {
            reads.BatchCommands.Add(new NpgsqlBatchCommand(StepExecutor.ReadKey) { Parameters = { new("@id", steps[i].Request.InstanceId), new("@key", steps[i].Request.IdempotencyKey) } });
        }

        await using var reader = await reads.ExecuteReaderAsync(cancellationToken);
        foreach (var i in known)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Idempotency key {steps[i].Request.IdempotencyKey} of {steps[i].Request.InstanceId} vanished.");
            }

            replays[i] = StepExecutor.Replay(steps[i].Request, reader, 0);
            await reader.NextResultAsync(cancellationToken);
        }

        return replays;
    }
}
