using Microsoft.Extensions.Logging;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// One step = one transaction: lock the instance, claim the idempotency key, check the expected
/// version, decide, write the decision, store the response, commit.
/// Lock order (PostgreSQL): instance row, then idempotency key, then timers/activities/tags of that
/// instance. Pollers that lock timers first do so with SKIP LOCKED, so they never wait in a cycle.
/// </summary>
internal sealed class StepExecutor(IStoreConnectionFactory connections, WorkSignals signals, TimeProvider time, ILogger<StepExecutor> logger)
{
    private const int MaxAttempts = 10;

    // The key row is claimed before deciding. Its primary key makes a concurrent step with the same key
    // wait here (PostgreSQL) until the first commits, then see the stored response.
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

    public async Task<StepResult> ExecuteAsync(StepRequest request, Decide decide, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.InstanceId);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkflowName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExecuteOnceAsync(request, decide, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && Dialect.IsTransient(ex))
            {
                Log.StepRetried(logger, ex, request.InstanceId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<StepResult> ExecuteOnceAsync(StepRequest request, Decide decide, CancellationToken cancellationToken)
    {
        var written = new WorkWritten();
        StepResult result;
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var current = await InstanceRows.LoadAsync(
                tx.Command(InstanceRows.SelectOne(tx.Provider)).With("@id", request.InstanceId), cancellationToken);
            if (current is not null && current.WorkflowName != request.WorkflowName)
            {
                throw new InvalidOperationException($"Instance {request.InstanceId} runs workflow {current.WorkflowName}, not {request.WorkflowName}.");
            }

            var version = current?.Version ?? 0;
            if (request.IdempotencyKey is { } key)
            {
                var claimed = await tx.Command(ClaimKey)
                    .With("@id", request.InstanceId).With("@key", key).With("@fingerprint", request.RequestFingerprint)
                    .With("@now", StoreTime.ToStore(now))
                    .ExecuteNonQueryAsync(cancellationToken);
                if (claimed == 0)
                {
                    return await ReplayAsync(tx, request, key, cancellationToken);
                }
            }

            if (request.ExpectedVersion is { } expected && expected != version)
            {
                return new StepResult(StepOutcome.VersionConflict, null, version); // disposing rolls the key claim back
            }

            var decision = decide(current);
            var after = await DecisionWriter.WriteAsync(tx, request.InstanceId, request.WorkflowName, current, decision, now, written, cancellationToken);
            var newVersion = after?.Version ?? 0;
            if (request.IdempotencyKey is { } storedKey)
            {
                await tx.Command(StoreResponse)
                    .With("@id", request.InstanceId).With("@key", storedKey).With("@status", decision.Response.StatusCode)
                    .With("@body", decision.Response.Body).With("@version", newVersion)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            result = new StepResult(StepOutcome.Applied, decision.Response, newVersion);
        }

        signals.Notify(written);
        return result;
    }

    private static async Task<StepResult> ReplayAsync(StoreTransaction tx, StepRequest request, string key, CancellationToken cancellationToken)
    {
        await using var reader = await tx.Command(ReadKey).With("@id", request.InstanceId).With("@key", key).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Cannot happen under the lock; treat as a race and let the caller retry.
            throw new InvalidOperationException($"Idempotency key {key} of {request.InstanceId} vanished.");
        }

        var fingerprint = reader.NullableString(0);
        var version = reader.GetInt64(3);
        if (!string.Equals(fingerprint, request.RequestFingerprint, StringComparison.Ordinal))
        {
            return new StepResult(StepOutcome.IdempotencyKeyReused, null, version);
        }

        var response = reader.IsDBNull(1) ? null : new StepResponse(reader.GetInt32(1), reader.NullableString(2) ?? string.Empty);
        return new StepResult(StepOutcome.Replayed, response, version);
    }
}
