using System.Globalization;

namespace DurableTask.Bench;

/// <summary>Command-line options. Counts and periods are bounded; Azure Storage gets its own, smaller ones.</summary>
internal sealed record BenchOptions
{
    public required IReadOnlyList<string> Backends { get; init; }

    /// <summary>Concurrent client loops (roundtrip) and writers (store ceiling).</summary>
    public int Concurrency { get; init; } = 16;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Measured { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan AzureWarmup { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AzureMeasured { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Ceiling { get; init; } = TimeSpan.FromSeconds(5);

    public int Timers { get; init; } = 10_000;

    public int AzureTimers { get; init; } = 500;

    public int LatenessTimers { get; init; } = 1_000;

    public int AzureLatenessTimers { get; init; } = 200;

    public TimeSpan Spread { get; init; } = TimeSpan.FromSeconds(30);

    public int Waiting { get; init; } = 100_000;

    /// <summary>How far ahead the first timer is due, so every instance is started and waiting before it; null: 5 s
    /// plus the instance count over a start rate guessed per backend (see <c>TimerSchedule.Lead</c>).</summary>
    public TimeSpan? TimerLead { get; init; }

    /// <summary><c>--profile</c>: time every call into the provider and print the breakdown per scenario.</summary>
    public bool Profile { get; init; }

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
            Backends = (Value("--backends") ?? "sqlite,postgres,azurestorage").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Concurrency = Int("--concurrency", defaults.Concurrency),
            Warmup = Seconds("--warmup-seconds", defaults.Warmup),
            Measured = Seconds("--seconds", defaults.Measured),
            AzureWarmup = Seconds("--azure-warmup-seconds", defaults.AzureWarmup),
            AzureMeasured = Seconds("--azure-seconds", defaults.AzureMeasured),
            Ceiling = Seconds("--ceiling-seconds", defaults.Ceiling),
            Timers = Int("--timers", defaults.Timers),
            AzureTimers = Int("--azure-timers", defaults.AzureTimers),
            LatenessTimers = Int("--lateness-timers", defaults.LatenessTimers),
            AzureLatenessTimers = Int("--azure-lateness-timers", defaults.AzureLatenessTimers),
            Spread = Seconds("--spread-seconds", defaults.Spread),
            Waiting = Int("--waiting", defaults.Waiting),
            Profile = args.Contains("--profile"),
            TimerLead = Value("--timer-lead-seconds") is { } lead ? TimeSpan.FromSeconds(double.Parse(lead, CultureInfo.InvariantCulture)) : null,
        };
    }

    public const string Usage =
        "usage: dotnet run -c Release --project bench/DurableTask.Bench -- <roundtrip|timer-burst|timer-lateness|waiting-memory|all>\n" +
        "  [--backends sqlite,postgres,azurestorage] [--concurrency 16] [--warmup-seconds 20] [--seconds 20]\n" +
        "  [--azure-warmup-seconds 10] [--azure-seconds 15] [--ceiling-seconds 5] [--timers 10000] [--azure-timers 500]\n" +
        "  [--lateness-timers 1000] [--azure-lateness-timers 200] [--spread-seconds 30] [--waiting 100000] [--timer-lead-seconds N] [--profile]";
}
