using System.Collections.Concurrent;

namespace DurableTask.Relational.Service;

/// <summary>
/// How a dispatcher gets its next work item, for orchestrations and activities alike: a row leased by an
/// earlier claim and still waiting in memory; else, when a read says a row is due, a claim statement (a write,
/// one at a time per process) that leases up to a batch; else a sleep until the next due time, a local wake-up,
/// or the polling interval, until the caller's receive timeout.
/// </summary>
internal sealed class WorkFetcher<TClaim>(
    Func<CancellationToken, Task<IReadOnlyList<TClaim>>> claim,
    Func<CancellationToken, Task<long?>> nextDue,
    Func<TClaim, bool> stillLeased,
    WakeUp wakeUp,
    TimeProvider time,
    TimeSpan maxPollingInterval) where TClaim : class
{
    private readonly ConcurrentQueue<TClaim> _claimed = new();
    private readonly SemaphoreSlim _claimGate = new(1, 1);
    private int _stopped;

    /// <summary>Returns the first claimed row that <paramref name="prepare"/> turns into a work item (it answers
    /// null for a row it released), or null at the receive timeout or cancellation.</summary>
    public async Task<TItem?> FetchAsync<TItem>(Func<TClaim, CancellationToken, Task<TItem?>> prepare, TimeSpan receiveTimeout, CancellationToken cancellationToken)
        where TItem : class
    {
        var poller = new IdlePoller(maxPollingInterval, receiveTimeout, time);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcTicks;
            var due = _claimed.IsEmpty ? await nextDue(cancellationToken) : now;
            if (due <= now && await NextAsync(cancellationToken) is { } row)
            {
                poller.Reset();
                if (await prepare(row, cancellationToken) is { } item)
                {
                    return item;
                }

                continue;
            }

            if (poller.TimedOut)
            {
                return null;
            }

            await wakeUp.WaitAsync(poller.NextWait(due is long at ? new DateTime(at, DateTimeKind.Utc) : null), cancellationToken);
        }

        return null;
    }

    /// <summary>No claim statement runs after this returns (one in flight is waited for), and the rows waiting in
    /// memory are dropped: the caller hands back every lease it holds.</summary>
    public async Task StopClaimingAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _claimGate.WaitAsync(); // never released: the fetcher claims nothing more
        }

        _claimed.Clear();
    }

    private async Task<TClaim?> NextAsync(CancellationToken cancellationToken)
    {
        while (_claimed.TryDequeue(out var buffered))
        {
            if (stillLeased(buffered))
            {
                return buffered;
            }
        }

        await _claimGate.WaitAsync(cancellationToken);
        try
        {
            if (_claimed.TryDequeue(out var raced))
            {
                return raced;
            }

            var fresh = await claim(cancellationToken);
            foreach (var extra in fresh.Skip(1))
            {
                _claimed.Enqueue(extra);
            }

            return fresh.Count > 0 ? fresh[0] : null;
        }
        finally
        {
            _claimGate.Release();
        }
    }
}
