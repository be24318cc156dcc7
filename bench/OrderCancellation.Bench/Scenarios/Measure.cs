using System.Diagnostics;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>Runs an operation from N workers for a while (after a short warm-up) and summarises rate and latency.</summary>
public static class Measure
{
    public sealed record Result(int Concurrency, long Operations, double Seconds, double PerSecond, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation)
    {
        await RunForAsync(concurrency, TimeSpan.FromSeconds(1), operation, null); // warm-up: JIT, pools, caches
        var latencies = new List<double>[concurrency];
        var watch = Stopwatch.StartNew();
        var operations = await RunForAsync(concurrency, duration, operation, latencies);
        var seconds = watch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(concurrency, operations, Math.Round(seconds, 2), Math.Round(operations / seconds, 0), Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>
    /// Measures two operations in alternating half-second slices until each has run for <paramref name="duration"/>,
    /// so that both see the same machine (this box is shared; load comes and goes).
    /// </summary>
    public static async Task<(Result A, Result B)> CompareAsync(int concurrency, TimeSpan duration, Func<int, long, Task> a, Func<int, long, Task> b)
    {
        await RunForAsync(concurrency, TimeSpan.FromSeconds(1), a, null);
        await RunForAsync(concurrency, TimeSpan.FromSeconds(1), b, null);
        var slice = TimeSpan.FromMilliseconds(500);
        var latA = new List<double>();
        var latB = new List<double>();
        long opsA = 0, opsB = 0;
        double secA = 0, secB = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += slice)
        {
            (opsA, secA) = await SliceAsync(concurrency, slice, a, latA, opsA, secA);
            (opsB, secB) = await SliceAsync(concurrency, slice, b, latB, opsB, secB);
        }

        return (Summarise(concurrency, opsA, secA, latA), Summarise(concurrency, opsB, secB, latB));
    }

    private static async Task<(long, double)> SliceAsync(int concurrency, TimeSpan slice, Func<int, long, Task> operation, List<double> latencies, long ops, double seconds)
    {
        var perWorker = new List<double>[concurrency];
        var watch = Stopwatch.StartNew();
        var done = await RunForAsync(concurrency, slice, operation, perWorker);
        var elapsed = watch.Elapsed.TotalSeconds;
        foreach (var l in perWorker)
        {
            latencies.AddRange(l);
        }

        return (ops + done, seconds + elapsed);
    }

    private static Result Summarise(int concurrency, long operations, double seconds, List<double> latencies)
    {
        var all = latencies.Order().ToArray();
        return new Result(concurrency, operations, Math.Round(seconds, 2), Math.Round(operations / seconds, 0), Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))], 2);

    private static async Task<long> RunForAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation, List<double>[]? latencies)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = new List<double>();
            long n = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker, n++);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            Interlocked.Add(ref total, n);
            if (latencies is not null)
            {
                latencies[worker] = mine;
            }
        })));
        return total;
    }
}
