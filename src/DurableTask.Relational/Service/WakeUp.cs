namespace DurableTask.Relational.Service;

/// <summary>Wakes idle dispatchers in this process as soon as a local write made work for them, so polling can
/// back off without making local work wait. Work written by other processes is found by the next poll.</summary>
internal sealed class WakeUp
{
    private TaskCompletionSource _signal = NewSignal();

    public void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    /// <summary>Returns when signalled, after <paramref name="timeout"/>, or when cancelled (without throwing).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        var signal = Volatile.Read(ref _signal).Task;
        await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
