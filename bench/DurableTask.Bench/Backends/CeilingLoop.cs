using System.Diagnostics;

namespace DurableTask.Bench.Backends;

/// <summary>Runs <c>concurrency</c> loops of one operation each for <c>duration</c>; returns operations per second.</summary>
internal static class CeilingLoop
{
    public static async Task<double> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation)
    {
        long done = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (long n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                await operation(worker, n);
                Interlocked.Increment(ref done);
            }
        })));
        return Math.Round(done / watch.Elapsed.TotalSeconds);
    }
}
