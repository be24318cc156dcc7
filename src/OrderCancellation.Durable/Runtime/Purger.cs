using Microsoft.Extensions.Logging;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// Deletes finished instances (Completed, Failed, Terminated) with nothing pending, in batches of one
/// transaction each, then idempotency records of instances that never existed.
/// </summary>
internal sealed class Purger(IStoreConnectionFactory connections, ILogger<Purger> logger)
{
    private static string SelectBatch(StoreProvider provider) => $"""
        SELECT i.instance_id FROM durable_instances i
        WHERE status IN ('Completed', 'Failed', 'Terminated') AND i.updated_at < @olderThan
          AND NOT EXISTS (SELECT 1 FROM durable_timers t WHERE t.instance_id = i.instance_id)
          AND NOT EXISTS (SELECT 1 FROM durable_activities a WHERE a.instance_id = i.instance_id AND a.state = 'Pending')
        LIMIT @limit{Dialect.SkipLocked(provider)}
        """;

    private static readonly string[] Tables = ["durable_history", "durable_idempotency", "durable_timers", "durable_activities", "durable_tags", "durable_instances"];

    private static string DeleteOrphanKeys(StoreProvider provider) => $"""
        DELETE FROM durable_idempotency WHERE (instance_id, idempotency_key) IN (
            SELECT k.instance_id, k.idempotency_key FROM durable_idempotency k
            WHERE k.created_at < @olderThan AND NOT EXISTS (SELECT 1 FROM durable_instances i WHERE i.instance_id = k.instance_id)
            LIMIT @limit{Dialect.SkipLocked(provider)})
        """;

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = StoreTime.ToStore(olderThan);
        var total = 0;
        while (true)
        {
            await using var tx = await connections.BeginWriteAsync(cancellationToken);
            var ids = new List<string>();
            await using (var reader = await tx.Command(SelectBatch(tx.Provider)).With("@olderThan", cutoff).With("@limit", batchSize).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            if (ids.Count > 0)
            {
                var list = Dialect.ListParameter(tx.Provider, ids);
                foreach (var table in Tables)
                {
                    await tx.Command($"DELETE FROM {table} WHERE instance_id {Dialect.InList(tx.Provider, "@ids")}").With("@ids", list).ExecuteNonQueryAsync(cancellationToken);
                }
            }

            var orphans = await tx.Command(DeleteOrphanKeys(tx.Provider)).With("@olderThan", cutoff).With("@limit", batchSize).ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            total += ids.Count;
            if (ids.Count < batchSize && orphans < batchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            Log.Purged(logger, total, olderThan);
        }

        return total;
    }
}
