namespace OrderCancellation.Functions.Feeds.Consumer;

/// <summary>The consumer's sleeps: idle sleeps double from 50 ms to the poll interval; failures back off exponentially to 30 s; both jittered.</summary>
internal sealed class FeedPollBackoff(TimeSpan idleMax)
{
    private static readonly TimeSpan IdleMin = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FailureMax = TimeSpan.FromSeconds(30);
    private TimeSpan _idle = IdleMin;
    private int _failures;

    public TimeSpan Busy()
    {
        _failures = 0;
        _idle = IdleMin;
        return TimeSpan.Zero;
    }

    public TimeSpan Idle()
    {
        _failures = 0;
        var delay = _idle < idleMax ? _idle : idleMax;
        _idle = TimeSpan.FromTicks(Math.Min(_idle.Ticks * 2, idleMax.Ticks));
        return Jitter(delay, 0.1);
    }

    public TimeSpan Failed()
    {
        _failures++;
        var ticks = Math.Min(idleMax.Ticks * Math.Pow(2, Math.Min(_failures, 10)), FailureMax.Ticks);
        return Jitter(TimeSpan.FromTicks((long)ticks), 0.2);
    }

    private static TimeSpan Jitter(TimeSpan delay, double fraction) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (1 + ((Random.Shared.NextDouble() * 2) - 1) * fraction)));
}
