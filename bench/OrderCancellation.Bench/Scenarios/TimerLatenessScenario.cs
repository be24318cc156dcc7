using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Steps;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// Timer lateness (fired − due) with the in-process poller at its default interval: half the timers are
/// scheduled up front, spread over the window (--spread-seconds, default 60), and half are scheduled while
/// it runs, each 0.2–2 s ahead (the local wake-up path), 100 timers per second of window in all.
/// </summary>
public sealed class TimerLatenessScenario : IScenario
{
    public string Name => "timer-lateness";

    public string Description => "timer lateness p50/p99 with timers spread over --spread-seconds (default 60)";

    public async Task RunAsync(BenchEnvironment environment)
    {
        var spread = TimeSpan.FromSeconds(environment.Options.SpreadSeconds);
        var workflow = new BenchWorkflow { RecordLateness = true };
        var store = await environment.NewStoreAsync("timer-lateness");
        using var host = await environment.StartHostAsync(
            store,
            s => s.AddSingleton<IWorkflow>(workflow),
            new Dictionary<string, string?> { ["Durable:PollersEnabled"] = "true" });
        var runtime = host.Services.GetRequiredService<IDurableRuntime>();
        var perSecond = 100;
        var upFront = (int)(spread.TotalSeconds * perSecond / 2);
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        for (var n = 0; n < upFront; n += 10)
        {
            var timers = Enumerable.Range(n, 10).Select(t => new TimerRequest($"u{t}", start + (spread * t / upFront), string.Empty)).ToList();
            await runtime.ExecuteStepAsync(new StepRequest($"late-{n / 10}", BenchWorkflow.WorkflowName), BenchWorkflow.Increment(timers));
        }

        // The streamed half: one step every 20 ms, each scheduling one timer 0.2–2 s ahead.
        var streamed = 0;
        var random = new Random(7);
        while (DateTimeOffset.UtcNow < start + spread)
        {
            var due = DateTimeOffset.UtcNow.AddMilliseconds(random.Next(200, 2000));
            await runtime.ExecuteStepAsync(new StepRequest($"stream-{streamed % 500}", BenchWorkflow.WorkflowName), BenchWorkflow.Increment([new TimerRequest($"s{streamed}", due, string.Empty)]));
            streamed++;
            await Task.Delay(20);
        }

        var total = upFront + streamed;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (workflow.LatenessMs.Count < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var sorted = workflow.LatenessMs.Order().ToArray();
        environment.Report("timer-lateness", new
        {
            timers = total,
            fired = sorted.Length,
            spreadSeconds = spread.TotalSeconds,
            p50Ms = Measure.Percentile(sorted, 0.50),
            p99Ms = Measure.Percentile(sorted, 0.99),
            maxMs = sorted.Length == 0 ? double.NaN : Math.Round(sorted[^1], 2),
            pollInterval = "00:00:00.500",
        });
        await host.StopAsync();
    }
}
