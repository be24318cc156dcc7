namespace OrderCancellation.Api.Feeds.Consumer;

/// <summary>Adaptive delays for the feed queue consumer: idle sleeps grow to the poll interval, failures back off exponentially; both jittered.</summary>
internal sealed class PollerBackoff(TimeSpan idleMax, TimeSpan? idleMin = null)
{
    private readonly TimeSpan _idleMin = idleMin ?? TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FailureMax = TimeSpan.FromSeconds(30);
    private TimeSpan _idle = idleMin ?? TimeSpan.FromMilliseconds(20);
    private int _failures;

    /// <summary>After a poll that found work: look again at once.</summary>
    public TimeSpan Busy()
    {
        _failures = 0;
        _idle = _idleMin;
        return TimeSpan.Zero;
    }

    /// <summary>After a poll that found nothing: double the sleep up to the poll interval, plus up to 10 % jitter.</summary>
    public TimeSpan Idle()
    {
        _failures = 0;
        var delay = _idle;
        _idle = TimeSpan.FromTicks(Math.Min(_idle.Ticks * 2, idleMax.Ticks));
        return Jitter(delay, 0.1);
    }

    /// <summary>After a failed poll: the poll interval × 2^failures, capped at 30 s, ±20 % jitter.</summary>
    public TimeSpan Failed()
    {
        _failures++;
        var ticks = Math.Min(idleMax.Ticks * Math.Pow(2, Math.Min(_failures, 10)), FailureMax.Ticks);
        return Jitter(TimeSpan.FromTicks((long)ticks), 0.2);
    }

    private static TimeSpan Jitter(TimeSpan delay, double fraction) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (1 + ((Random.Shared.NextDouble() * 2) - 1) * fraction)));
}
