using System.Collections.Concurrent;
using System.Diagnostics;
using DurableTask.Bench.Tasks;
using DurableTask.Core;

namespace DurableTask.Bench.Scenarios;

/// <summary>
/// (a) Client loops, each: start an orchestration, raise its event, wait for it to complete (through the provider's
/// own wait). A warm-up (JIT, tiered compilation, pools), then the measured period: completions in it per second,
/// and the latency of the orchestrations started in it, from the start call until the wait returned.
/// </summary>
internal sealed class Roundtrip : IScenario
{
    public string Name => "roundtrip";

    public string Description => "start, raise an event, one activity, complete; 16 client loops; orchestrations/s and p50/p99";

    public async Task<double?> RunAsync(BenchRun run)
    {
        var options = run.Options;
        var (warmup, measured) = run.IsAzureStorage ? (options.AzureWarmup, options.AzureMeasured) : (options.Warmup, options.Measured);
        var waitTimeout = TimeSpan.FromSeconds(run.IsAzureStorage ? 30 : 60);
        await using var host = await BenchHost.StartAsync(run, Name);
        var live = await host.WaitUntilLiveAsync(TimeSpan.FromSeconds(120));
        Report.Progress($"{run.Backend.Name}: worker live after {live.TotalSeconds:F1} s; warm-up {warmup.TotalSeconds} s, measured {measured.TotalSeconds} s");

        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureTo = warmup + measured;
        var latencies = new ConcurrentBag<double>();
        var commitLatencies = new ConcurrentBag<double>();
        var perSecond = new int[(int)Math.Ceiling(measureTo.TotalSeconds + waitTimeout.TotalSeconds) + 1];
        int failed = 0, timedOut = 0, errors = 0;
        MeasuredPeriod? period = null;
        var periodStarted = Task.Delay(warmup).ContinueWith(_ => period = new MeasuredPeriod(), TaskScheduler.Default);

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(loop => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < measureTo; n++)
            {
                var startedAt = clock.Elapsed;
                var startedUtc = DateTime.UtcNow;
                try
                {
                    var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RoundtripOrchestration), n);
                    await host.Client.RaiseEventAsync(id, BenchTasks.Go, n);
                    var state = await host.WaitForCompletionAsync(id, waitTimeout);
                    var endedAt = clock.Elapsed;
                    if (state is null)
                    {
                        Interlocked.Increment(ref timedOut);
                        continue;
                    }

                    if (state.OrchestrationStatus != OrchestrationStatus.Completed)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }

                    Interlocked.Increment(ref perSecond[(int)endedAt.TotalSeconds]);
                    if (startedAt >= measureFrom)
                    {
                        latencies.Add((endedAt - startedAt).TotalMilliseconds);
                        commitLatencies.Add((state.CompletedTime - startedUtc).TotalMilliseconds);
                    }
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    if (Interlocked.Increment(ref errors) <= 3)
                    {
                        Report.Progress($"{run.Backend.Name}: roundtrip error: {exception.GetType().Name}: {exception.Message}");
                    }

                    await Task.Delay(100);
                }
            }
        })));
        await periodStarted;

        var completed = perSecond.Skip((int)measureFrom.TotalSeconds).Take((int)measured.TotalSeconds).Sum();
        var throughput = Math.Round(completed / Math.Floor(measured.TotalSeconds), 1);
        var sorted = latencies.Order().ToList();
        var commitSorted = commitLatencies.Order().ToList();
        run.Line(Name, period!, new
        {
            orchestrationsPerSecond = throughput,
            p50Ms = Report.Quantile(sorted, 0.50),
            p99Ms = Report.Quantile(sorted, 0.99),
            maxMs = Report.Quantile(sorted, 1.0),
            completionCommittedP50Ms = Report.Quantile(commitSorted, 0.50),
            completionCommittedP99Ms = Report.Quantile(commitSorted, 0.99),
            measuredSeconds = measured.TotalSeconds,
            warmupSeconds = warmup.TotalSeconds,
            clientLoops = options.Concurrency,
            completedInPeriod = completed,
            latencySamples = sorted.Count,
            failed,
            timedOut,
            errors,
            benchCpuUsPerOrchestration = completed > 0 ? Math.Round(period!.ProcessCpu().TotalMicroseconds / completed) : (double?)null,
            completionsPerSecondSeries = perSecond.Take((int)measureTo.TotalSeconds).ToArray(),
            wait = "the provider's IOrchestrationServiceClient.WaitForOrchestrationAsync",
            providerCalls = host.Timings?.Summary(),
        });
        return throughput;
    }
}
