using System.Data.Common;
using System.Diagnostics;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Bench;

/// <summary>
/// The app's store connections (<see cref="IStoreConnectionFactory"/>: the read model, notices, ledger, feeds, command
/// answers) with the time each <c>BeginWriteAsync</c> took, i.e. how long a write waited to start: on SQLite the
/// process' writer queue for the app's tables and then <c>BEGIN IMMEDIATE</c>, which waits in SQLite's busy handler
/// while another connection (the Durable Task provider's own writer, on the same file) holds the write lock; on
/// PostgreSQL a pooled connection and <c>BEGIN</c>. The bench puts it in front of the app's registration.
/// </summary>
internal sealed class StoreWriteTimings(IStoreConnectionFactory inner) : IStoreConnectionFactory
{
    private readonly Lock _lock = new();
    private List<double> _waits = [];

    public StoreProvider Provider => inner.Provider;

    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) => inner.OpenConnectionAsync(cancellationToken);

    public Task<StoreTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        BeginWriteAsync(WritePriority.Background, cancellationToken);

    public async Task<StoreTransaction> BeginWriteAsync(WritePriority priority, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var transaction = await inner.BeginWriteAsync(priority, cancellationToken);
        var waited = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (_lock)
        {
            _waits.Add(waited);
        }

        return transaction;
    }

    /// <summary>The waits since the last call (and starts a new period): count, p50, p99, max, how many took over 50 ms.</summary>
    public object? TakeSummary()
    {
        List<double> waits;
        lock (_lock)
        {
            (waits, _waits) = (_waits, []);
        }

        if (waits.Count == 0)
        {
            return null;
        }

        waits.Sort();
        return new
        {
            writes = waits.Count,
            p50Ms = Report.Quantile(waits, 0.50),
            p99Ms = Report.Quantile(waits, 0.99),
            maxMs = Report.Quantile(waits, 1.0),
            over50Ms = waits.Count(w => w > 50),
            totalSeconds = Math.Round(waits.Sum() / 1000, 1),
            what = "time the app's store writes (read model, notices, ledger, feeds) waited in BeginWriteAsync",
        };
    }
}
