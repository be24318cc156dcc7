using DurableTask.Bench.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableTask.Bench.Scenarios;

/// <summary>What the two timer scenarios share: start many timer orchestrations before their timers fall due, and
/// collect their firings.</summary>
internal static class TimerSchedule
{
    /// <summary>Lead before the first due time: 5 s plus the count over a start rate guessed per backend (the
    /// instances must all have started, and so created their timers, before it).</summary>
    public static TimeSpan Lead(BenchRun run, int count) =>
        run.Options.TimerLead ?? TimeSpan.FromSeconds(5 + (count / (run.Backend.Name switch { "sqlite" => 800.0, "postgres" => 200.0, _ => 8.0 })));

    /// <summary>Starts <paramref name="count"/> instances <c>{prefix}{i}</c> due at <paramref name="due"/>(i), from the
    /// client loops; stops at <paramref name="deadline"/>. Returns how many were started.</summary>
    public static async Task<int> StartAsync(BenchHost host, int concurrency, string prefix, int count, Func<int, DateTime> due, DateTime deadline)
    {
        var next = -1;
        var started = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count && DateTime.UtcNow < deadline; i = Interlocked.Increment(ref next))
            {
                await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestration), due(i), new StartOrchestrationOptions($"{prefix}{i}"));
                Interlocked.Increment(ref started);
            }
        })));
        return started;
    }

    /// <summary>Waits until <paramref name="count"/> firings of <paramref name="prefix"/> were recorded or the deadline.</summary>
    public static async Task<IReadOnlyList<(Firing Firing, DateTime ActivityAt)>> FiringsAsync(BenchHost host, string prefix, int count, DateTime deadline)
    {
        while (host.Firings.Where(prefix).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return host.Firings.Where(prefix);
    }

    public static async Task DelayUntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    public static List<double> SortedMs(IEnumerable<TimeSpan> values) => values.Select(v => v.TotalMilliseconds).Order().ToList();
}
