using System.Globalization;

namespace OrderCancellation.Bench;

/// <summary>Command-line options. Every count and wait is bounded.</summary>
internal sealed record BenchOptions
{
    public required IReadOnlyList<string> Backends { get; init; }

    /// <summary>Cancels per measured level at 16 and 64 clients (1 client: at most 1,000).</summary>
    public int Cancels { get; init; } = 4000;

    /// <summary>Cancels at 16 clients before the first level, not reported (JIT tiers, pools, caches).</summary>
    public int WarmupCancels { get; init; } = 2000;

    /// <summary>How long the app's idle CPU is measured after the cancel warm-up.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Writers of the store ceiling (bench/DurableTask.Bench's default).</summary>
    public int CeilingConcurrency { get; init; } = 16;

    public TimeSpan Ceiling { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The large feed's records (4 per order); a 10,000-record feed runs before it.</summary>
    public int Records { get; init; } = 100_000;

    public int SmallRecords { get; init; } = 10_000;

    /// <summary>An unreported feed first (JIT tiers, pools, caches).</summary>
    public int WarmupRecords { get; init; } = 4_000;

    /// <summary>A feed still running after this long is reported with its partial rate, and the run goes on.</summary>
    public TimeSpan FeedTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the read model may lag before the bench gives up waiting for it.</summary>
    public TimeSpan LagTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--sqlite-engine-file separate</c>: an experiment, the Durable Task provider on a SQLite file of its own
    /// instead of the app's database, to show what sharing one file (two writers) costs.</summary>
    public bool SeparateSqliteEngineFile { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        TimeSpan Seconds(string name, TimeSpan fallback) =>
            Value(name) is { } v ? TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)) : fallback;

        var defaults = new BenchOptions { Backends = [] };
        return new BenchOptions
        {
            Backends = (Value("--backends") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Cancels = Int("--cancels", defaults.Cancels),
            WarmupCancels = Int("--warmup-cancels", defaults.WarmupCancels),
            SeparateSqliteEngineFile = Value("--sqlite-engine-file") == "separate",
            Idle = Seconds("--idle-seconds", defaults.Idle),
            CeilingConcurrency = Int("--ceiling-concurrency", defaults.CeilingConcurrency),
            Ceiling = Seconds("--ceiling-seconds", defaults.Ceiling),
            Records = Int("--records", defaults.Records),
            SmallRecords = Int("--small-records", defaults.SmallRecords),
            WarmupRecords = Int("--warmup-records", defaults.WarmupRecords),
            FeedTimeout = Seconds("--feed-timeout-seconds", defaults.FeedTimeout),
            LagTimeout = Seconds("--lag-timeout-seconds", defaults.LagTimeout),
        };
    }

    public const string Usage =
        "usage: dotnet run -c Release --project bench/OrderCancellation.Bench -- <cancel-latency|feeds|all>\n" +
        "  [--backends sqlite,postgres] [--cancels 4000] [--warmup-cancels 2000] [--idle-seconds 5] [--ceiling-concurrency 16] [--ceiling-seconds 5]\n" +
        "  [--records 100000] [--small-records 10000] [--warmup-records 4000] [--feed-timeout-seconds 600] [--lag-timeout-seconds 600]\n" +
        "  [--sqlite-engine-file separate]   (an experiment: the provider on its own SQLite file)";
}
