using System.Diagnostics;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>The raw store's ceiling on this machine: single-row UPDATE transactions through the runtime's connection factory (same pragmas, same writer).</summary>
internal static class StoreCeiling
{
    private const int RowsPerWorker = 64;

    /// <summary>Transactions per second at <paramref name="concurrency"/> over <paramref name="duration"/>.</summary>
    public static async Task<double> MeasureAsync(IStoreConnectionFactory connections, int concurrency, TimeSpan duration)
    {
        await using (var tx = await connections.BeginWriteAsync())
        {
            await tx.Command("CREATE TABLE IF NOT EXISTS bench_store_ceiling (id integer PRIMARY KEY, n bigint NOT NULL)").ExecuteNonQueryAsync();
            await tx.Command("DELETE FROM bench_store_ceiling").ExecuteNonQueryAsync();
            for (var id = 0; id < concurrency * RowsPerWorker; id++)
            {
                await tx.Command("INSERT INTO bench_store_ceiling (id, n) VALUES (@id, 0)").With("@id", id).ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        long transactions = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                await using var tx = await connections.BeginWriteAsync();
                await tx.Command("UPDATE bench_store_ceiling SET n = n + 1 WHERE id = @id").With("@id", (worker * RowsPerWorker) + (n % RowsPerWorker)).ExecuteNonQueryAsync();
                await tx.CommitAsync();
                Interlocked.Increment(ref transactions);
            }
        })));
        return Math.Round(transactions / watch.Elapsed.TotalSeconds);
    }
}
