namespace OrderCancellation.Durable.Runtime;

/// <summary>
/// In-process wake-ups for the pollers: a committed step that schedules a timer due before the timer
/// poller's planned wake-up, or enqueues activities, wakes the poller at once instead of at its next poll.
/// Other processes' writes are seen at the next poll (bounded by the poll intervals).
/// </summary>
internal sealed class WorkSignals
{
    private long _timerWakeAtMs = long.MaxValue;

    public AsyncSignal Timers { get; } = new();

    public AsyncSignal Activities { get; } = new();

    /// <summary>The timer poller says when it plans to look again.</summary>
    public void PlanTimerWake(long atMs) => Volatile.Write(ref _timerWakeAtMs, atMs);

    /// <summary>Called after commit by whoever wrote work.</summary>
    public void Notify(WorkWritten written)
    {
        if (written.EarliestTimerMs is { } due && due < Volatile.Read(ref _timerWakeAtMs))
        {
            Timers.Set();
        }

        if (written.Activities)
        {
            Activities.Set();
        }
    }
}

/// <summary>What a transaction scheduled, so that the pollers can be woken after it commits.</summary>
internal sealed class WorkWritten
{
    public long? EarliestTimerMs { get; private set; }

    public bool Activities { get; set; }

    public void Timer(long dueMs)
    {
        if (EarliestTimerMs is null || dueMs < EarliestTimerMs)
        {
            EarliestTimerMs = dueMs;
        }
    }
}

/// <summary>An auto-reset signal that can be awaited with a timeout.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _source).TrySetResult();

    /// <summary>Returns when signalled or after <paramref name="timeout"/>. The signal is reset before returning,
    /// so a write that commits after this returns is seen by the next wait (and one before, by the poll that follows).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = Volatile.Read(ref _source);
        if (!source.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, cancel.Token);
            await Task.WhenAny(source.Task, delay);
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (source.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), source);
        }
    }
}
