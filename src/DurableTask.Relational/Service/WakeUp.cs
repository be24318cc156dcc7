namespace DurableTask.Relational.Service;

/// <summary>
/// Wakes idle dispatchers in this process when a local write made work for them, so polling can back off without
/// making local work wait. Each signal wakes one dispatcher (a permit, kept until one waits, at most one per
/// dispatcher): waking them all for every write made them all read the store for one item. Work written by other
/// processes is found by the next poll.
/// </summary>
internal sealed class WakeUp(int dispatchers)
{
    private readonly SemaphoreSlim _permits = new(0, dispatchers);

    public void Signal()
    {
        if (_permits.CurrentCount < dispatchers)
        {
            try
            {
                _permits.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another signal filled the last permit between the check and the release: that one wakes it.
            }
        }
    }

    /// <summary>Returns when signalled, after <paramref name="timeout"/>, or when cancelled (without throwing).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout > TimeSpan.Zero)
        {
            await ((Task)_permits.WaitAsync(timeout, cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
