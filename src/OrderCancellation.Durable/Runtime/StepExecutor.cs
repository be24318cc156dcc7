using Microsoft.Extensions.Logging;
using Npgsql;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// One step = one transaction: lock the instance, check the idempotency key, check the expected
/// version, decide, write the decision, store the response under the key, commit.
/// <para>PostgreSQL: the instance row is locked (<c>FOR UPDATE</c>), then the key is claimed by inserting
/// it (<c>ON CONFLICT DO NOTHING</c>: a concurrent step with the same key waits on the primary key until
/// the first commits, then replays its response); a step creating an instance that another step created
/// meanwhile fails on the instance primary key and is retried, finding it. Lock order: instance row,
/// idempotency key, then that instance's timers/activities/tags. Pollers that lock timers first use SKIP
/// LOCKED, so they never wait in a cycle with a step.</para>
/// <para>SQLite: the transaction holds the database's only write lock (<c>BEGIN IMMEDIATE</c>) from the
/// start, so instance and key are read in one statement and the key row is inserted with the response at
/// the end; its primary key still refuses a duplicate outright. Steps are group-committed (see
/// <see cref="SqliteGroupCommit"/>).</para>
/// </summary>
internal sealed class StepExecutor(IStoreConnectionFactory connections, SqliteGroupCommit groupCommit, WorkSignals signals, TimeProvider time, ILogger<StepExecutor> logger)
{
    private const int MaxAttempts = 10;

    private const string ClaimKey = """
        INSERT INTO durable_idempotency (instance_id, idempotency_key, fingerprint, version, created_at)
        VALUES (@id, @key, @fingerprint, 0, @now)
        ON CONFLICT (instance_id, idempotency_key) DO NOTHING
        """;

    private const string ReadKey = """
        SELECT fingerprint, status_code, body, version FROM durable_idempotency WHERE instance_id = @id AND idempotency_key = @key
        """;

    private const string StoreResponse = """
        UPDATE durable_idempotency SET status_code = @status, body = @body, version = @version
        WHERE instance_id = @id AND idempotency_key = @key
        """;

    /// <summary>SQLite: instance and key in one read (columns 0–7 the instance, 8–11 the key).</summary>
    private const string ReadInstanceAndKey = $"""
        SELECT {InstanceRows.Columns}, k.fingerprint, k.status_code, k.body, k.version
        FROM (SELECT 1) AS one
        LEFT JOIN durable_instances i ON i.instance_id = @id
        LEFT JOIN durable_idempotency k ON k.instance_id = @id AND k.idempotency_key = @key
        """;

    internal const string InsertKey = """
        INSERT INTO durable_idempotency (instance_id, idempotency_key, fingerprint, status_code, body, version, created_at)
        VALUES (@id, @key, @fingerprint, @status, @body, @version, @now)
        """;

    public async Task<StepResult> ExecuteAsync(StepRequest request, Decide decide, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.InstanceId);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkflowName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return connections.Provider == StoreProvider.Sqlite
                    ? await groupCommit.ExecuteAsync(request, decide, cancellationToken)
                    : await ExecuteOnceAsync(request, decide, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && Dialect.IsTransient(ex))
            {
                Log.StepRetried(logger, ex, request.InstanceId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>Several steps, in order, in one transaction (see <see cref="IDurableRuntime.ExecuteStepsAsync"/>); retried whole on transient errors.</summary>
    public async Task<IReadOnlyList<StepResult>> ExecuteManyAsync(IReadOnlyList<(StepRequest Request, Decide Decide)> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var (request, decide) in steps)
        {
            ArgumentException.ThrowIfNullOrEmpty(request.InstanceId);
            ArgumentException.ThrowIfNullOrEmpty(request.WorkflowName);
            ArgumentNullException.ThrowIfNull(decide);
        }

        if (steps.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExecuteManyOnceAsync(steps, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && Dialect.IsTransient(ex))
            {
                Log.StepRetried(logger, ex, steps[0].Request.InstanceId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<StepResult>> ExecuteManyOnceAsync(IReadOnlyList<(StepRequest Request, Decide Decide)> steps, CancellationToken cancellationToken)
    {
        var written = new WorkWritten();
        var results = new StepResult[steps.Count];
        var keepAny = false;
        var now = time.GetUtcNow();

        // SQLite decides before taking the single writer (see SqliteStepBatch); PostgreSQL locks the batch's instances first.
        var plan = connections.Provider == StoreProvider.Sqlite ? await SqliteStepBatch.PlanAsync(connections, steps, now, cancellationToken) : null;
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            // The whole batch at once: a SQLite plan that nothing moved under, or PostgreSQL in two round trips.
            var whole = plan is not null
                ? await SqliteStepBatch.TryWriteAsync(tx, plan, steps, written, now, cancellationToken)
                : await PostgresStepBatch.RunAsync(tx, steps, written, now, cancellationToken);
            if (whole is var (wholeResults, keepWhole))
            {
                if (!keepWhole)
                {
                    return wholeResults; // nothing to keep: disposing rolls back
                }

                await tx.CommitAsync(cancellationToken);
                signals.Notify(written);
                return wholeResults;
            }

            // A SQLite plan that another writer overtook: step by step under the writer, as lone steps would run.
            for (var i = 0; i < steps.Count; i++)
            {
                (results[i], var keep) = await RunSqliteAsync(tx, steps[i].Request, steps[i].Decide, written, cancellationToken);
                keepAny |= keep;
            }

            if (!keepAny)
            {
                return results; // nothing to keep: disposing rolls back
            }

            await tx.CommitAsync(cancellationToken);
        }

        signals.Notify(written);
        return results;
    }

    /// <summary>One step in its own transaction (PostgreSQL: concurrency comes from row locks and the pool).</summary>
    private async Task<StepResult> ExecuteOnceAsync(StepRequest request, Decide decide, CancellationToken cancellationToken)
    {
        var written = new WorkWritten();
        StepResult result;
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            (result, var keep) = await RunAsync(tx, request, decide, written, cancellationToken);
            if (!keep)
            {
                return result; // disposing rolls back (the idempotency key claim included)
            }

            await tx.CommitAsync(cancellationToken);
        }

        signals.Notify(written);
        return result;
    }

    /// <summary>
    /// The step inside an open write transaction. <c>Keep</c> is false when nothing must be committed
    /// (a replay, a reused key or a version conflict); on SQLite nothing has been written then.
    /// </summary>
    internal Task<(StepResult Result, bool Keep)> RunAsync(StoreTransaction tx, StepRequest request, Decide decide, WorkWritten written, CancellationToken cancellationToken) =>
        tx.Provider == StoreProvider.Sqlite
            ? RunSqliteAsync(tx, request, decide, written, cancellationToken)
            : RunPostgresAsync(tx, request, decide, written, cancellationToken);

    private async Task<(StepResult Result, bool Keep)> RunPostgresAsync(
        StoreTransaction tx, StepRequest request, Decide decide, WorkWritten written, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        InstanceSnapshot? current;
        var claimed = 1;

        // Round trip 1: lock the instance row, then claim the key (in this order, in one batch).
        await using (var first = new NpgsqlBatch((NpgsqlConnection)tx.Connection, (NpgsqlTransaction)tx.Transaction))
        {
            first.BatchCommands.Add(new NpgsqlBatchCommand(InstanceRows.SelectOne(StoreProvider.Postgres)) { Parameters = { new("@id", request.InstanceId) } });
            if (request.IdempotencyKey is { } claim)
            {
                first.BatchCommands.Add(new NpgsqlBatchCommand(ClaimKey)
                {
                    Parameters =
                    {
                        new("@id", request.InstanceId), new("@key", claim),
                        new("@fingerprint", (object?)request.RequestFingerprint ?? DBNull.Value), new("@now", StoreTime.ToStore(now)),
                    },
                });
            }

            await using (var reader = await first.ExecuteReaderAsync(cancellationToken))
            {
                current = await reader.ReadAsync(cancellationToken) ? InstanceRows.Read(reader) : null;
                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }

            if (request.IdempotencyKey is not null)
            {
                claimed = first.BatchCommands[1].RecordsAffected;
            }
        }

        CheckWorkflow(request, current);
        if (request.IdempotencyKey is { } key && claimed == 0)
        {
            await using var reader = await tx.Command(ReadKey).With("@id", request.InstanceId).With("@key", key).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Idempotency key {key} of {request.InstanceId} vanished.");
            }

            return (Replay(request, reader, 0), false);
        }

        if (Conflicts(request, current) is { } conflict)
        {
            return (conflict, false);
        }

        // Round trip 2: every write of the decision and the stored response. (3: the commit.)
        await using var writes = new WriteBatch(tx);
        var (decision, newVersion) = await DecideAndWriteAsync(tx, writes, request, decide, current, now, written, cancellationToken);
        if (request.IdempotencyKey is { } storedKey)
        {
            await writes.AddAsync(StoreResponse, cancellationToken,
                ("@id", request.InstanceId), ("@key", storedKey), ("@status", decision.Response.StatusCode),
                ("@body", decision.Response.Body), ("@version", newVersion));
        }

        await writes.FlushAsync(cancellationToken);

        return (new StepResult(StepOutcome.Applied, decision.Response, newVersion), true);
    }

    private async Task<(StepResult Result, bool Keep)> RunSqliteAsync(StoreTransaction tx, StepRequest request, Decide decide, WorkWritten written, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        InstanceSnapshot? current;
        await using (var reader = await tx.Command(ReadInstanceAndKey).With("@id", request.InstanceId).With("@key", request.IdempotencyKey).ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken); // always one row
            current = reader.IsDBNull(0) ? null : InstanceRows.Read(reader);
            CheckWorkflow(request, current);
            if (request.IdempotencyKey is not null && !reader.IsDBNull(11))
            {
                return (Replay(request, reader, 8), false);
            }
        }

        if (Conflicts(request, current) is { } conflict)
        {
            return (conflict, false);
        }

        var writes = new WriteBatch(tx); // SQLite: executes at once
        var (decision, newVersion) = await DecideAndWriteAsync(tx, writes, request, decide, current, now, written, cancellationToken);
        if (request.IdempotencyKey is { } key)
        {
            await tx.Command(InsertKey)
                .With("@id", request.InstanceId).With("@key", key).With("@fingerprint", request.RequestFingerprint)
                .With("@status", decision.Response.StatusCode).With("@body", decision.Response.Body).With("@version", newVersion)
                .With("@now", StoreTime.ToStore(now))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        return (new StepResult(StepOutcome.Applied, decision.Response, newVersion), true);
    }

    private static async Task<(StepDecision Decision, long NewVersion)> DecideAndWriteAsync(
        StoreTransaction tx, WriteBatch writes, StepRequest request, Decide decide, InstanceSnapshot? current, DateTimeOffset now, WorkWritten written, CancellationToken cancellationToken)
    {
        var decision = decide(current);
        var after = await DecisionWriter.WriteAsync(tx, writes, request.InstanceId, request.WorkflowName, current, decision, now, written, cancellationToken);
        return (decision, after?.Version ?? 0);
    }

    internal static void CheckWorkflow(StepRequest request, InstanceSnapshot? current)
    {
        if (current is not null && current.WorkflowName != request.WorkflowName)
        {
            throw new InvalidOperationException($"Instance {request.InstanceId} runs workflow {current.WorkflowName}, not {request.WorkflowName}.");
        }
    }

    internal static StepResult? Conflicts(StepRequest request, InstanceSnapshot? current)
    {
        var version = current?.Version ?? 0;
        return request.ExpectedVersion is { } expected && expected != version
            ? new StepResult(StepOutcome.VersionConflict, null, version)
            : null;
    }

    /// <summary>The stored answer of a key (columns fingerprint, status, body, version from <paramref name="first"/>).</summary>
    internal static StepResult Replay(StepRequest request, System.Data.Common.DbDataReader reader, int first) =>
        Replay(
            request,
            reader.NullableString(first),
            reader.IsDBNull(first + 1) ? null : new StepResponse(reader.GetInt32(first + 1), reader.NullableString(first + 2) ?? string.Empty),
            reader.GetInt64(first + 3));

    /// <summary>The answer to a step whose key is stored with this fingerprint, response and version.</summary>
    internal static StepResult Replay(StepRequest request, string? fingerprint, StepResponse? response, long version) =>
        string.Equals(fingerprint, request.RequestFingerprint, StringComparison.Ordinal)
            ? new StepResult(StepOutcome.Replayed, response, version)
            : new StepResult(StepOutcome.IdempotencyKeyReused, null, version);
}
