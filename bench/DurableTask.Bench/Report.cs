using System.Diagnostics;
using System.Text.Json;

namespace DurableTask.Bench;

/// <summary>One JSON line per measurement on stdout; everything else goes to stderr.</summary>
internal static class Report
{
    private static readonly string Run = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Prints <paramref name="values"/> (an anonymous object) with the run, the backend, its store ceiling
    /// measured in this run, and the machine over <paramref name="period"/>.</summary>
    public static void Line(string scenario, string backend, StoreCeiling? ceiling, MeasuredPeriod period, object values)
    {
        var line = new Dictionary<string, object?> { ["run"] = Run, ["scenario"] = scenario, ["backend"] = backend };
        foreach (var property in values.GetType().GetProperties())
        {
            line[property.Name] = property.GetValue(values);
        }

        line["storeCeiling"] = ceiling;
        line["benchCpuPct"] = period.ProcessCpuPercent();
        line["machine"] = MachineCpu.Describe(period.Machine());
        line["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        Console.Out.WriteLine(JsonSerializer.Serialize(line, Json));
    }

    public static void Progress(string message) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {message}");

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of an ascending list, rounded to 0.1.</summary>
    public static double? Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}

/// <summary>A backend's raw store ceiling: what its storage does without the provider, measured in the same run.</summary>
internal sealed record StoreCeiling(double PerSecond, string What);

/// <summary>The machine and this process' CPU from construction until a line is printed.</summary>
internal sealed class MeasuredPeriod
{
    private readonly MachineCpu? _machine = MachineCpu.Now();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public MachineCpu? Machine() => MachineCpu.Now() - _machine;

    /// <summary>This process' CPU over the period as a percentage of one core (200 = both cores of a 2-core machine).</summary>
    public double ProcessCpuPercent() =>
        Math.Round(100 * (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds / Math.Max(_wall.Elapsed.TotalSeconds, 1e-3));

    public TimeSpan ProcessCpu() => Process.GetCurrentProcess().TotalProcessorTime - _cpu;
}
