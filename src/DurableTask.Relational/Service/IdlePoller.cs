namespace DurableTask.Relational.Service;

/// <summary>How long an idle dispatcher sleeps: doubling from 1 ms up to the maximum polling interval, never past
/// the next known due time (so a timer is seen when it falls due) nor past the caller's receive timeout.</summary>
internal sealed class IdlePoller(TimeSpan maxInterval, TimeSpan receiveTimeout, TimeProvider time)
{
    private readonly DateTimeOffset _deadline = time.GetUtcNow() + receiveTimeout;
    private TimeSpan _backoff = TimeSpan.FromMilliseconds(1);

    public bool TimedOut => time.GetUtcNow() >= _deadline;

    public void Reset() => _backoff = TimeSpan.FromMilliseconds(1);

    public TimeSpan NextWait(DateTime? nextDueUtc)
    {
        var now = time.GetUtcNow();
        var wait = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, maxInterval.Ticks));
        if (nextDueUtc is { } due && due - now.UtcDateTime < wait)
        {
            wait = due - now.UtcDateTime;
        }

        var untilDeadline = _deadline - now;
        return untilDeadline < wait ? untilDeadline : wait;
    }
}
