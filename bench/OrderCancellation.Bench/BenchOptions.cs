using System.Globalization;

namespace OrderCancellation.Bench;

/// <summary>Command-line options shared by the scenarios.</summary>
public sealed record BenchOptions(string Store, string? PostgresConnectionString, int Seconds, int Timers, int SpreadSeconds)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            Value("--store", "sqlite"),
            Value("--pg", string.Empty) is { Length: > 0 } pg ? pg : null,
            Int("--seconds", 5),
            Int("--timers", 100_000),
            Int("--spread-seconds", 60));
    }
}
