using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Storage;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Fires due timers, many per transaction. The claim is the transaction itself: PostgreSQL locks the
/// due timer rows and their instances with <c>FOR UPDATE ... SKIP LOCKED</c> (another host skips them;
/// a crash releases them with the connection, no lease to wait out), SQLite holds the single writer.
/// Each timer's <c>OnTimer</c> decision is written like a step and the timer row deleted in the same
/// transaction, so a timer fires exactly once.
/// Lock order hazard: a step locks instance then timers; this locks timers and instances together but
/// never waits (SKIP LOCKED), so the two cannot deadlock.
/// </summary>
internal sealed class TimerRunner(
    IStoreConnectionFactory connections,
    WorkflowCatalog catalog,
    WorkSignals signals,
    TimeProvider time,
    IOptions<DurableOptions> options,
    ILogger<TimerRunner> logger)
{
    private const string DeleteTimer = "DELETE FROM durable_timers WHERE instance_id = @id AND name = @name";

    private const string PostponeTimer = "UPDATE durable_timers SET due_at = @due WHERE instance_id = @id AND name = @name";

    private const string NextDue = "SELECT MIN(due_at) FROM durable_timers";

    /// <summary>A timer whose workflow is missing or throws is retried this much later.</summary>
    private static readonly TimeSpan PoisonDelay = TimeSpan.FromMinutes(1);

    private static string ClaimDue(StoreProvider provider) => $"""
        SELECT t.instance_id, t.name, t.due_at, t.payload, {InstanceRows.Columns}
        FROM durable_timers t JOIN durable_instances i ON i.instance_id = t.instance_id
        WHERE t.due_at <= @now
        ORDER BY t.due_at
        LIMIT @limit{(provider == StoreProvider.Postgres ? " FOR UPDATE OF t, i SKIP LOCKED" : string.Empty)}
        """;

    /// <summary>Fires every timer due now, batch after batch; returns how many fired.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.TimerBatchSize;
        var total = 0;
        while (true)
        {
            var (claimed, fired) = await RunBatchAsync(batchSize, cancellationToken);
            total += fired;
            if (claimed < batchSize)
            {
                return total;
            }
        }
    }

    /// <summary>The earliest due time of any timer, or null when none is scheduled.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Sql(NextDue);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : StoreTime.FromStore(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<(int Claimed, int Fired)> RunBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        var written = new WorkWritten();
        var fired = 0;
        int claimed;
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var due = new List<(DueTimer Timer, InstanceSnapshot Instance)>();
            await using (var reader = await tx.Command(ClaimDue(tx.Provider))
                .With("@now", StoreTime.ToStore(now)).With("@limit", batchSize)
                .ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var timer = new DueTimer(reader.GetString(0), reader.GetString(1), StoreTime.FromStore(reader.GetInt64(2)), reader.GetString(3));
                    due.Add((timer, InstanceRows.Read(reader, 4)));
                }
            }

            claimed = due.Count;
            if (claimed == 0)
            {
                return (0, 0);
            }

            // Writes go out in one round trip per batch on PostgreSQL.
            await using var writes = new WriteBatch(tx);

            // Two timers of one instance in a batch: the second sees the state the first left.
            var latest = new Dictionary<string, InstanceSnapshot>(StringComparer.Ordinal);
            foreach (var (timer, loaded) in due)
            {
                var instance = latest.GetValueOrDefault(timer.InstanceId) ?? loaded;
                var workflow = catalog.Workflow(instance.WorkflowName);
                if (workflow is null)
                {
                    Log.TimerWorkflowMissing(logger, timer.InstanceId, timer.Name, instance.WorkflowName);
                    await PostponeAsync(writes, timer, now, cancellationToken);
                    continue;
                }

                Steps.StepDecision decision;
                try
                {
                    decision = workflow.OnTimer(instance, timer, now);
                }
                catch (Exception ex)
                {
                    Log.TimerHandlerFailed(logger, ex, timer.InstanceId, timer.Name);
                    await PostponeAsync(writes, timer, now, cancellationToken);
                    continue;
                }

                // Delete first: the decision may schedule the same name again.
                await writes.AddAsync(DeleteTimer, cancellationToken, ("@id", timer.InstanceId), ("@name", timer.Name));
                var after = await DecisionWriter.WriteAsync(tx, writes, instance.InstanceId, instance.WorkflowName, instance, decision, now, written, cancellationToken);
                latest[timer.InstanceId] = after!;
                fired++;
            }

            await writes.FlushAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        signals.Notify(written);
        Log.TimersFired(logger, fired);
        return (claimed, fired);
    }

    private static ValueTask PostponeAsync(WriteBatch writes, DueTimer timer, DateTimeOffset now, CancellationToken cancellationToken) =>
        writes.AddAsync(PostponeTimer, cancellationToken, ("@id", timer.InstanceId), ("@name", timer.Name), ("@due", StoreTime.ToStore(now + PoisonDelay)));
}
