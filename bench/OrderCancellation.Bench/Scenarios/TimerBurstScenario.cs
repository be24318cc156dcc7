using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Steps;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// N timers (default 100,000; 10 per instance) all due at once, fired by <c>RunDueTimersAsync</c> (what the
/// poller runs): each fire is a workflow step (state write, history row, timer delete), many per transaction.
/// </summary>
public sealed class TimerBurstScenario : IScenario
{
    private const int TimersPerInstance = 10;

    public string Name => "timers-burst";

    public string Description => "timer firing rate with N timers (--timers, default 100,000) due at once";

    public async Task RunAsync(BenchEnvironment environment)
    {
        var store = await environment.NewStoreAsync("timers-burst");
        using var host = await environment.StartHostAsync(store, s => s.AddSingleton<IWorkflow, BenchWorkflow>());
        var runtime = host.Services.GetRequiredService<IDurableRuntime>();
        var instances = environment.Options.Timers / TimersPerInstance;
        var due = DateTimeOffset.UtcNow;
        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, instances), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            var timers = Enumerable.Range(0, TimersPerInstance).Select(t => new TimerRequest($"t{t}", due, string.Empty)).ToList();
            await runtime.ExecuteStepAsync(new StepRequest($"burst-{n}", BenchWorkflow.WorkflowName), BenchWorkflow.Increment(timers), ct);
        });
        Console.Error.WriteLine($"scheduled {instances * TimersPerInstance} timers in {setup.Elapsed}");

        var watch = Stopwatch.StartNew();
        var fired = await runtime.RunDueTimersAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        environment.Report("timers-burst", new
        {
            timers = fired,
            seconds = Math.Round(seconds, 2),
            timersPerSecond = Math.Round(fired / seconds, 0),
            batchSize = 500,
            what = "timers due at once, each fired as a workflow step (OnTimer, state, history, delete)",
        });
    }
}
