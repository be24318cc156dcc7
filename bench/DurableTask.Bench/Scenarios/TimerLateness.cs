namespace DurableTask.Bench.Scenarios;

/// <summary>
/// (c) Timers spread evenly over a period: lateness = firing − due. "Handed over" is the episode's
/// <c>CurrentUtcDateTime</c> (when the provider gave the TimerFired message to the dispatcher); "activity" is the
/// wall clock in the activity after the timer, an upper bound that adds one more round through the store.
/// </summary>
internal sealed class TimerLateness : IScenario
{
    private const string Prefix = "late-";

    public string Name => "timer-lateness";

    public string Description => "1,000 timers spread over 30 s (Azure Storage 200); lateness p50/p99 and the earliest firing";

    public async Task<double?> RunAsync(BenchRun run)
    {
        var count = run.IsAzureStorage ? run.Options.AzureLatenessTimers : run.Options.LatenessTimers;
        var spread = run.Options.Spread;
        await using var host = await BenchHost.StartAsync(run, Name);
        await host.WaitUntilLiveAsync(TimeSpan.FromSeconds(120));
        var lead = TimerSchedule.Lead(run, count);
        var first = DateTime.UtcNow + lead;
        DateTime Due(int i) => first + (spread * i / count);
        Report.Progress($"{run.Backend.Name}: starting {count} timers due from {lead.TotalSeconds:F0} s over {spread.TotalSeconds} s");
        var started = await TimerSchedule.StartAsync(host, run.Options.Concurrency, Prefix, count, Due, first);
        var allStarted = await host.WaitUntilNonePendingAsync(first - DateTime.UtcNow);
        var armedMargin = first - DateTime.UtcNow;
        await TimerSchedule.DelayUntilAsync(first);
        var period = new MeasuredPeriod();
        var firings = await TimerSchedule.FiringsAsync(host, Prefix, started, first + spread + TimeSpan.FromSeconds(run.IsAzureStorage ? 120 : 60));

        var handed = TimerSchedule.SortedMs(firings.Select(f => f.Firing.HandedOver - f.Firing.Due));
        var activity = TimerSchedule.SortedMs(firings.Select(f => f.ActivityAt - f.Firing.Due));
        run.Line(Name, period, new
        {
            timers = count,
            timersNote = run.IsAzureStorage ? $"Azure Storage runs {count} timers, not {run.Options.LatenessTimers}: it starts about 10 orchestrations/s" : null,
            spreadSeconds = spread.TotalSeconds,
            started,
            fired = firings.Count,
            latenessP50Ms = Report.Quantile(handed, 0.50),
            latenessP99Ms = Report.Quantile(handed, 0.99),
            latenessMaxMs = Report.Quantile(handed, 1.0),
            earliestMs = Report.Quantile(handed, 0.0),
            early = handed.Count(l => l < 0),
            activityLatenessP50Ms = Report.Quantile(activity, 0.50),
            activityLatenessP99Ms = Report.Quantile(activity, 0.99),
            activityEarliestMs = Report.Quantile(activity, 0.0),
            allStartedBeforeDue = allStarted,
            startedMarginSeconds = Math.Round(armedMargin.TotalSeconds, 1),
            lateness = "handed over: the episode's CurrentUtcDateTime after the timer (OrchestratorStarted, stamped when the dispatcher got the work item); activity: wall clock in the activity after the timer",
        });
        return Report.Quantile(handed, 0.99);
    }
}
