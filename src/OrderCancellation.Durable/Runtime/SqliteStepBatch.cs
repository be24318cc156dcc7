using System.Data.Common;
using System.Text.Json;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// A batch of steps on SQLite, decided before it takes the single writer. <see cref="PlanAsync"/> reads the
/// batch's instances and known keys on a pooled reader connection and decides every step in order, each against
/// the instance as the steps before it left it, with no lock held, so concurrent batches decide on every core;
/// it also merges the decisions' writes and prepares their rows (<see cref="SqliteWriteSet"/>).
/// <see cref="TryWriteAsync"/> then runs under the writer: it checks that no instance's version moved and no key
/// was added since (an indexed lookup each) and writes those rows; if anything moved it writes nothing, and the
/// caller runs the batch step by step under the lock instead. Either way each step behaves as a lone step.
/// A key named twice in one batch is applied by the first step and replayed by the later ones, as lone steps would.
/// </summary>
internal static class SqliteStepBatch
{
    private const string ReadInstances = $"SELECT {InstanceRows.Columns} FROM durable_instances i WHERE i.instance_id IN (SELECT value FROM json_each(@ids))";

    private const string ReadKeys = """
        SELECT k.instance_id, k.idempotency_key, k.fingerprint, k.status_code, k.body, k.version
        FROM durable_idempotency k JOIN json_each(@keys) j
          ON k.instance_id = json_extract(j.value, '$[0]') AND k.idempotency_key = json_extract(j.value, '$[1]')
        """;

    private const string VersionOf = "SELECT version FROM durable_instances WHERE instance_id = ?1";

    private const string KeyExists = "SELECT 1 FROM durable_idempotency WHERE instance_id = ?1 AND idempotency_key = ?2";

    /// <summary>What a batch decided against what it read: the versions and key count to check, and each step's outcome.</summary>
    public sealed class Plan
    {
        /// <summary>Each instance the batch names, with the version it read (null: it did not exist).</summary>
        public required (string InstanceId, long? Version)[] ReadVersions { get; init; }

        /// <summary>Each key the batch names.</summary>
        public required (string InstanceId, string Key)[] Keys { get; init; }

        public required long KnownKeys { get; init; }

        public required StepResult[] Results { get; init; }

        /// <summary>Per step: the instance before it and its decision, when it is to be written (else null).</summary>
        public required (InstanceSnapshot? Before, StepDecision Decision)?[] Writes { get; init; }

        /// <summary>The decisions' writes, merged and ready to write; null when a decision carries the app's own writes (then step by step).</summary>
        public required SqliteWriteSet? Merged { get; init; }
    }

    /// <summary>Reads and decides, holding no lock.</summary>
    public static async Task<Plan> PlanAsync(
        IStoreConnectionFactory connections, IReadOnlyList<(StepRequest Request, Decide Decide)> steps, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keyed = steps.Where(s => s.Request.IdempotencyKey is not null).Select(s => (s.Request.InstanceId, Key: s.Request.IdempotencyKey!)).Distinct().ToArray();

        var named = steps.Select(s => s.Request.InstanceId).Distinct(StringComparer.Ordinal).ToArray();
        var ids = JsonSerializer.Serialize(named);
        var keys = JsonSerializer.Serialize(keyed.Select(k => new[] { k.InstanceId, k.Key }));
        // Sized up front: deciding adds every step's key, and regrowing these was ≈ 2 % of a feed's allocations.
        var instances = new Dictionary<string, InstanceSnapshot?>(named.Length, StringComparer.Ordinal);
        var known = new Dictionary<(string, string), (string? Fingerprint, StepResponse? Response, long Version)>(steps.Count);
        await using (var connection = await connections.OpenConnectionAsync(cancellationToken))
        {
            await using (var read = connection.Sql(ReadInstances).With("@ids", ids))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var instance = InstanceRows.Read(reader);
                    instances[instance.InstanceId] = instance;
                }
            }

            await using (var read = connection.Sql(ReadKeys).With("@keys", keys))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                await BatchDecisions.ReadKnownKeysAsync(reader, known, cancellationToken);
            }

            var storedKeys = known.Count;
            var readVersions = named.Select(id => (id, instances.GetValueOrDefault(id)?.Version)).ToArray();
            var (results, writes) = BatchDecisions.Decide(steps, now, instances, known);
            var merged = BatchDecisions.Merge(steps, results, writes, now);
            return new Plan
            {
                ReadVersions = readVersions,
                Keys = keyed,
                KnownKeys = storedKeys,
                Results = results,
                Writes = writes,
                Merged = merged is null ? null : await SqliteWriteSet.PrepareAsync(connection, merged, cancellationToken),
            };
        }
    }

    /// <summary>Under the writer: writes the plan if nothing it read has moved; <c>null</c> (nothing written) if something did.</summary>
    public static async Task<(StepResult[] Results, bool KeepAny)?> TryWriteAsync(
        StoreTransaction tx, Plan plan, IReadOnlyList<(StepRequest Request, Decide Decide)> steps, WorkWritten written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Unchanged(tx, plan))
        {
            return null;
        }

        var keepAny = plan.Writes.Any(w => w is not null);
        if (plan.Merged is { } merged)
        {
            if (keepAny)
            {
                merged.Execute(tx, written);
            }

            return (plan.Results, keepAny);
        }

        var batch = new WriteBatch(tx); // SQLite: executes at once
        for (var i = 0; i < steps.Count; i++)
        {
            if (plan.Writes[i] is not var (before, decision))
            {
                continue;
            }

            var request = steps[i].Request;
            var after = await DecisionWriter.WriteAsync(tx, batch, request.InstanceId, request.WorkflowName, before, decision, now, written, cancellationToken);
            if (request.IdempotencyKey is { } key)
            {
                await tx.Command(StepExecutor.InsertKey)
                    .With("@id", request.InstanceId).With("@key", key).With("@fingerprint", request.RequestFingerprint)
                    .With("@status", decision.Response.StatusCode).With("@body", decision.Response.Body).With("@version", after?.Version ?? 0)
                    .With("@now", StoreTime.ToStore(now))
                    .ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return (plan.Results, keepAny);
    }

    /// <summary>
    /// Whether every instance the batch read is at the version it read (or still absent) and no key it did not find
    /// has been stored since: one indexed lookup each, stepped on the writer's kept statements. Counting keys is enough:
    /// while a batch runs its keys are only ever added (the purge takes keys past the retention).
    /// </summary>
    private static bool Unchanged(StoreTransaction tx, Plan plan)
    {
        var db = ((Microsoft.Data.Sqlite.SqliteConnection)tx.Connection).Handle!;
        var versionOf = tx.Statement(VersionOf);
        foreach (var (id, version) in plan.ReadVersions)
        {
            if (RawStatements.ReadInt64(db, versionOf, [id]) != version)
            {
                return false;
            }
        }

        var keyExists = tx.Statement(KeyExists);
        var keys = plan.Keys.Count(k => RawStatements.ReadInt64(db, keyExists, [k.InstanceId, k.Key]) is not null);
        return keys == plan.KnownKeys;
    }
}
