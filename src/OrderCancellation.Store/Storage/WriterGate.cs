namespace OrderCancellation.Store.Storage;

/// <summary>Who is waiting for the SQLite writer: a caller waiting for its answer, or background work.</summary>
public enum WritePriority
{
    /// <summary>Pollers, activity handlers, bulk feeds: they wait behind interactive writes, never for long.</summary>
    Background,

    /// <summary>A caller is waiting for the answer (an HTTP command): served first.</summary>
    Interactive,
}

/// <summary>
/// The single writer's lock, with two queues: a waiting interactive write goes before waiting background
/// work, so a burst of activity completions or timer firings does not sit in front of an HTTP command.
/// Background work is not starved: after <see cref="InteractiveRun"/> interactive hand-offs in a row while
/// it waits, the next hand-off is its. Waiters are served first-come within each queue.
/// </summary>
internal sealed class WriterGate
{
    /// <summary>Interactive hand-offs in a row while background work waits, before background gets one.</summary>
    public const int InteractiveRun = 4;

    private readonly object _sync = new();
    private readonly Queue<TaskCompletionSource> _interactive = new();
    private readonly Queue<TaskCompletionSource> _background = new();
    private bool _held;
    private int _run;

    public Task WaitAsync(WritePriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (priority == WritePriority.Interactive ? _interactive : _background).Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled waiter stays queued but completed; Release skips it.
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>Hands the lock to the next live waiter, or frees it.</summary>
    public void Release()
    {
        lock (_sync)
        {
            while (Next() is { } waiter)
            {
                if (waiter.TrySetResult())
                {
                    return; // still held, now by the waiter
                }
            }

            _held = false;
            _run = 0;
        }
    }

    private TaskCompletionSource? Next()
    {
        var backgroundsTurn = _background.Count > 0 && (_interactive.Count == 0 || _run >= InteractiveRun);
        if (backgroundsTurn)
        {
            _run = 0;
            return _background.Dequeue();
        }

        if (_interactive.TryDequeue(out var interactive))
        {
            _run = _background.Count > 0 ? _run + 1 : 0;
            return interactive;
        }

        return null;
    }
}
