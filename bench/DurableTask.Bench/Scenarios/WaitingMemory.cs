using System.Diagnostics;
using DurableTask.Bench.Tasks;

namespace DurableTask.Bench.Scenarios;

/// <summary>
/// (d) The worker's memory with many orchestrations started and blocked waiting for an event: working set and
/// managed heap (after a full blocking GC) at 0, 10k, 50k and 100k waiting. Nothing of a waiting instance should stay
/// in memory, so the figures should be flat. Azure Storage is skipped: starting 100,000 would take hours there.
/// </summary>
internal sealed class WaitingMemory : IScenario
{
    public string Name => "waiting-memory";

    public string Description => "working set and managed heap with 10k/50k/100k orchestrations waiting for an event (not Azure Storage)";

    public async Task<double?> RunAsync(BenchRun run)
    {
        if (run.IsAzureStorage)
        {
            run.Line(Name, new MeasuredPeriod(), new { skipped = "Azure Storage starts about 10 orchestrations/s on Azurite: 100,000 would take hours" });
            return null;
        }

        var total = run.Options.Waiting;
        int[] checkpoints = [.. new[] { 0, total / 10, total / 2, total }.Distinct()];
        await using var host = await BenchHost.StartAsync(run, Name);
        await host.WaitUntilLiveAsync(TimeSpan.FromSeconds(120));
        var started = 0;
        long? firstWorkingSet = null;
        foreach (var checkpoint in checkpoints)
        {
            var period = new MeasuredPeriod();
            var watch = Stopwatch.StartNew();
            var from = started;
            var next = started - 1;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            await Task.WhenAll(Enumerable.Range(0, run.Options.Concurrency).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < checkpoint && DateTime.UtcNow < deadline; i = Interlocked.Increment(ref next))
                {
                    await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestration), i, new Microsoft.DurableTask.StartOrchestrationOptions($"wait-{i}"));
                    Interlocked.Increment(ref started);
                }
            })));
            var allWaiting = await host.WaitUntilNonePendingAsync(deadline - DateTime.UtcNow);
            var startSeconds = watch.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(2));

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            var workingSet = process.WorkingSet64;
            firstWorkingSet ??= workingSet;
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            Report.Progress($"{run.Backend.Name}: {started} waiting, working set {workingSet / 1048576} MiB");
            run.Line(Name, period, new
            {
                waiting = started,
                allWaiting,
                workingSetBytes = workingSet,
                managedHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
                gcHeapSizeBytes = info.HeapSizeBytes,
                gcCommittedBytes = info.TotalCommittedBytes,
                workingSetGrowthBytes = workingSet - firstWorkingSet,
                startedPerSecond = started > from ? Math.Round((started - from) / startSeconds) : (double?)null,
            });
        }

        return null;
    }
}
