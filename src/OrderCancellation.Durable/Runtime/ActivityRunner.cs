using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Runs outbox activities at least once. A claim is one statement that bumps the row's claim token
/// (the fencing token) and pushes <c>next_attempt_at</c> to the lease end; the handler runs outside any
/// transaction; completion succeeds only with the token it was claimed with ("0 rows" = another worker
/// re-claimed it after our lease expired: logged as a duplicate, never thrown).
/// </summary>
internal sealed class ActivityRunner(
    IStoreConnectionFactory connections,
    WorkflowCatalog catalog,
    WorkSignals signals,
    TimeProvider time,
    IOptions<DurableOptions> options,
    ILogger<ActivityRunner> logger)
{
    private static string Claim(StoreProvider provider) => $"""
        UPDATE durable_activities
        SET claim_token = claim_token + 1, attempts = attempts + 1, lease_until = @leaseUntil, next_attempt_at = @leaseUntil
        WHERE activity_id IN (
            SELECT activity_id FROM durable_activities
            WHERE state = 'Pending' AND next_attempt_at <= @now
            ORDER BY next_attempt_at
            LIMIT @limit{Dialect.SkipLocked(provider)})
        RETURNING activity_id, instance_id, name, payload, attempts, claim_token, last_error
        """;

    private const string Complete = "DELETE FROM durable_activities WHERE activity_id = @activity AND claim_token = @token";

    private const string Retry = """
        UPDATE durable_activities SET next_attempt_at = @retryAt, lease_until = NULL, last_error = @error
        WHERE activity_id = @activity AND claim_token = @token
        """;

    private const string MarkDead = """
        UPDATE durable_activities SET state = 'Dead', lease_until = NULL, last_error = @error
        WHERE activity_id = @activity AND claim_token = @token
        """;

    /// <summary>Claims, runs and completes batches until fewer than a batch is due; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var total = 0;
        while (true)
        {
            var claimed = await ClaimAsync(o.ActivityBatchSize, cancellationToken);
            if (claimed.Count == 0)
            {
                return total;
            }

            var outcomes = new ActivityOutcome[claimed.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, claimed.Count),
                new ParallelOptions { MaxDegreeOfParallelism = o.ActivityConcurrency, CancellationToken = cancellationToken },
                async (n, ct) => outcomes[n] = await ExecuteAsync(claimed[n], ct));
            await CompleteAsync(claimed, outcomes, cancellationToken);
            total += claimed.Count;
            if (claimed.Count < o.ActivityBatchSize)
            {
                return total;
            }
        }
    }

    internal async Task<IReadOnlyList<ClaimedActivity>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedActivity>();
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var now = time.GetUtcNow();
        var leaseUntil = now + options.Value.ActivityLease;
        await using (var reader = await tx.Command(Claim(tx.Provider))
            .With("@now", StoreTime.ToStore(now)).With("@leaseUntil", StoreTime.ToStore(leaseUntil)).With("@limit", limit)
            .ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedActivity(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt32(4), reader.GetInt64(5), reader.NullableString(6), leaseUntil));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return claimed;
    }

    internal async Task<ActivityOutcome> ExecuteAsync(ClaimedActivity activity, CancellationToken cancellationToken)
    {
        if (activity.Attempt > options.Value.MaxActivityAttempts)
        {
            // The previous holder's lease expired on its last attempt (it crashed or hung).
            return ActivityOutcome.Failed(activity.LastError ?? "The lease expired on the last attempt.", null);
        }

        var handler = catalog.Handler(activity.Name);
        if (handler is null)
        {
            return ActivityOutcome.Failed($"No activity handler is registered for '{activity.Name}'.", null);
        }

        // The handler may run until the lease ends; past that its result would be fenced off anyway.
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lease.CancelAfter(options.Value.ActivityLease);
        try
        {
            await handler.ExecuteAsync(new ActivityContext(activity.ActivityId, activity.InstanceId, activity.Name, activity.Payload, activity.Attempt), lease.Token);
            return ActivityOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutting down: abandon; the lease expires and another worker retries
        }
        catch (Exception ex)
        {
            return ActivityOutcome.Failed($"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Completes a batch: successes and retries in one transaction, each death in its own (it runs a workflow step).</summary>
    internal async Task CompleteAsync(IReadOnlyList<ClaimedActivity> claimed, IReadOnlyList<ActivityOutcome> outcomes, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var dead = new List<(ClaimedActivity Activity, string Error)>();
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            for (var n = 0; n < claimed.Count; n++)
            {
                var activity = claimed[n];
                var outcome = outcomes[n];
                int rows;
                if (outcome.Error is null)
                {
                    rows = await tx.Command(Complete).With("@activity", activity.ActivityId).With("@token", activity.Token).ExecuteNonQueryAsync(cancellationToken);
                }
                else if (activity.Attempt >= o.MaxActivityAttempts)
                {
                    dead.Add((activity, outcome.Error));
                    continue;
                }
                else
                {
                    var retryAt = now + RetryDelay(activity.Attempt, o);
                    rows = await tx.Command(Retry).With("@activity", activity.ActivityId).With("@token", activity.Token)
                        .With("@retryAt", StoreTime.ToStore(retryAt)).With("@error", outcome.Error).ExecuteNonQueryAsync(cancellationToken);
                    if (rows == 1)
                    {
                        Log.ActivityRetryScheduled(logger, outcome.Exception, activity.ActivityId, activity.Name, activity.Attempt, retryAt);
                    }
                }

                if (rows == 0)
                {
                    Log.ActivityDuplicateCompletion(logger, activity.ActivityId, activity.Name, activity.Token);
                }
            }

            await tx.CommitAsync(cancellationToken);
        }

        foreach (var (activity, error) in dead)
        {
            await DieAsync(activity, error, cancellationToken);
        }
    }

    /// <summary>Marks the activity dead and applies the workflow's <c>OnActivityFailed</c> step, atomically.
    /// Lock order: the instance first (like a step), then the activity row.</summary>
    private async Task DieAsync(ClaimedActivity activity, string error, CancellationToken cancellationToken)
    {
        var written = new WorkWritten();
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var instance = await InstanceRows.LoadAsync(tx.Command(InstanceRows.SelectOne(tx.Provider)).With("@id", activity.InstanceId), cancellationToken);
            var rows = await tx.Command(MarkDead).With("@activity", activity.ActivityId).With("@token", activity.Token).With("@error", error)
                .ExecuteNonQueryAsync(cancellationToken);
            if (rows == 0)
            {
                Log.ActivityDuplicateCompletion(logger, activity.ActivityId, activity.Name, activity.Token);
                return;
            }

            Log.ActivityDead(logger, activity.ActivityId, activity.Name, activity.InstanceId, activity.Attempt, error);
            var workflow = instance is null ? null : catalog.Workflow(instance.WorkflowName);
            if (instance is not null && workflow is not null)
            {
                Steps.StepDecision? decision = null;
                try
                {
                    decision = workflow.OnActivityFailed(instance, new DeadActivity(activity.ActivityId, activity.InstanceId, activity.Name, activity.Payload, activity.Attempt, error), now);
                }
                catch (Exception ex)
                {
                    Log.ActivityFailedHandlerFailed(logger, ex, activity.ActivityId, activity.InstanceId, instance.WorkflowName);
                }

                if (decision is not null)
                {
                    await using var writes = new WriteBatch(tx);
                    await DecisionWriter.WriteAsync(tx, writes, instance.InstanceId, instance.WorkflowName, instance, decision, now, written, cancellationToken);
                    await writes.FlushAsync(cancellationToken);
                }
            }
            else
            {
                Log.ActivityFailedHandlerFailed(logger, null, activity.ActivityId, activity.InstanceId, instance?.WorkflowName ?? "(instance gone)");
            }

            await tx.CommitAsync(cancellationToken);
        }

        signals.Notify(written);
    }

    /// <summary>Base × 2^(attempt−1), capped, ±20 % jitter so that retries of a burst spread out.</summary>
    internal static TimeSpan RetryDelay(int attempt, DurableOptions o)
    {
        var exponential = o.ActivityRetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, o.ActivityRetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}

internal sealed record ClaimedActivity(string ActivityId, string InstanceId, string Name, string Payload, int Attempt, long Token, string? LastError, DateTimeOffset LeaseUntil);

internal sealed record ActivityOutcome(string? Error, Exception? Exception)
{
    public static ActivityOutcome Succeeded { get; } = new(null, null);

    public static ActivityOutcome Failed(string error, Exception? exception) => new(error, exception);
}
