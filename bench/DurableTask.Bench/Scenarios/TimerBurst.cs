using DurableTask.Bench.Tasks;

namespace DurableTask.Bench.Scenarios;

/// <summary>
/// (b) Many orchestrations each waiting on a timer due at the same instant T: fired/s from T to the last firing.
/// A firing is counted when the activity after the timer ran (wall clock), and also when the provider handed the
/// TimerFired message to the dispatcher (the episode's <c>CurrentUtcDateTime</c>).
/// </summary>
internal sealed class TimerBurst : IScenario
{
    private const string Prefix = "burst-";

    public string Name => "timer-burst";

    public string Description => "10,000 timers due at once (Azure Storage 500); fired/s from the due time to the last firing";

    public async Task<double?> RunAsync(BenchRun run)
    {
        var count = run.IsAzureStorage ? run.Options.AzureTimers : run.Options.Timers;
        await using var host = await BenchHost.StartAsync(run, Name);
        await host.WaitUntilLiveAsync(TimeSpan.FromSeconds(120));
        var lead = TimerSchedule.Lead(run, count);
        var due = DateTime.UtcNow + lead;
        Report.Progress($"{run.Backend.Name}: starting {count} timers due in {lead.TotalSeconds:F0} s");
        var started = await TimerSchedule.StartAsync(host, run.Options.Concurrency, Prefix, count, _ => due, due);
        var allStarted = await host.WaitUntilNonePendingAsync(due - DateTime.UtcNow);
        var armedMargin = due - DateTime.UtcNow;
        await TimerSchedule.DelayUntilAsync(due);
        var period = new MeasuredPeriod();
        var deadline = due + TimeSpan.FromSeconds(run.IsAzureStorage ? 300 : 120);
        var firings = await TimerSchedule.FiringsAsync(host, Prefix, started, deadline);

        var fired = firings.Count;
        var lastActivity = fired > 0 ? firings.Max(f => f.ActivityAt) - due : TimeSpan.Zero;
        var lastHandedOver = fired > 0 ? firings.Max(f => f.Firing.HandedOver) - due : TimeSpan.Zero;
        var handed = TimerSchedule.SortedMs(firings.Select(f => f.Firing.HandedOver - f.Firing.Due));
        var rate = lastActivity > TimeSpan.Zero ? Math.Round(fired / lastActivity.TotalSeconds) : (double?)null;
        run.Line(Name, period, new
        {
            timers = count,
            timersNote = run.IsAzureStorage ? $"Azure Storage runs {count} timers, not {run.Options.Timers}: it starts about 10 orchestrations/s" : null,
            started,
            fired,
            firedPerSecond = rate,
            lastFiringSeconds = Math.Round(lastActivity.TotalSeconds, 2),
            handedOverPerSecond = lastHandedOver > TimeSpan.Zero ? Math.Round(fired / lastHandedOver.TotalSeconds) : (double?)null,
            lastHandedOverSeconds = Math.Round(lastHandedOver.TotalSeconds, 2),
            handedOverLatenessP50Ms = Report.Quantile(handed, 0.50),
            handedOverLatenessP99Ms = Report.Quantile(handed, 0.99),
            earliestMs = Report.Quantile(handed, 0.0),
            early = handed.Count(l => l < 0),
            allStartedBeforeDue = allStarted,
            startedMarginSeconds = Math.Round(armedMargin.TotalSeconds, 1),
            leadSeconds = Math.Round(lead.TotalSeconds),
            providerCalls = host.Timings?.Summary(),
        });
        return rate;
    }
}
