using System.Diagnostics;
using System.Text.Json;

namespace OrderCancellation.Bench;

/// <summary>
/// One JSON line per measurement on stdout; everything else (progress, the app's warnings) goes to stderr. The
/// fields follow bench/DurableTask.Bench: <c>run</c>, <c>scenario</c>, <c>backend</c>, the figures, <c>storeCeiling</c>,
/// <c>benchCpuPct</c>, <c>machine</c>, <c>gc</c>.
/// </summary>
internal static class Report
{
    private static readonly string Run = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Prints <paramref name="values"/> (an anonymous object) with the run, the backend, its store ceiling
    /// measured in this run, and the machine and this process over <paramref name="period"/>.</summary>
    public static void Line(string scenario, string backend, StoreCeiling? ceiling, MeasuredPeriod period, object values)
    {
        var line = new Dictionary<string, object?> { ["run"] = Run, ["scenario"] = scenario, ["backend"] = backend };
        foreach (var property in values.GetType().GetProperties())
        {
            line[property.Name] = property.GetValue(values);
        }

        line["commit"] = Commit.Value;
        line["storeCeiling"] = ceiling;
        line["benchCpuPct"] = period.ProcessCpuPercent();
        line["machine"] = MachineCpu.Describe(period.Machine());
        line["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        Console.Out.WriteLine(JsonSerializer.Serialize(line, Json));
    }

    /// <summary>The repository's HEAD where the bench was started (the app is built from the working tree, which may differ).</summary>
    private static readonly Lazy<string?> Commit = new(() =>
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            var head = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? head : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    });

    /// <summary>The run's start (UTC), as every line prints it.</summary>
    public static string RunStarted => Run;

    public static void Progress(string message) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {message}");

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of an ascending list, rounded to 0.1.</summary>
    public static double? Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    public static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}

/// <summary>A backend's raw store ceiling: what its database does without the app, measured in the same run.</summary>
internal sealed record StoreCeiling(double PerSecond, string What);

/// <summary>The machine and this process' CPU (the app and the bench's clients: one process) from construction on.</summary>
internal sealed class MeasuredPeriod
{
    private readonly MachineCpu? _machine = MachineCpu.Now();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly ServerCpu? _server = ServerCpu.Now();
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private (TimeSpan Wall, MachineCpu? Machine, TimeSpan Cpu, ServerCpu? Server)? _end;

    /// <summary>Ends the period: what is printed later (after waiting for something else) is about the period alone.</summary>
    public MeasuredPeriod Stop()
    {
        _end ??= (_wall.Elapsed, MachineCpu.Now(), Process.GetCurrentProcess().TotalProcessorTime, ServerCpu.Now());
        return this;
    }

    public TimeSpan Elapsed => _end?.Wall ?? _wall.Elapsed;

    public MachineCpu? Machine() => (_end is { } end ? end.Machine : MachineCpu.Now()) - _machine;

    /// <summary>This process' CPU over the period as a percentage of one core (200 = both cores of a 2-core machine).</summary>
    public double ProcessCpuPercent() =>
        Math.Round(100 * ProcessCpu().TotalSeconds / Math.Max(Elapsed.TotalSeconds, 1e-3));

    /// <summary>This process' CPU: the app and the bench's HTTP clients together.</summary>
    public TimeSpan ProcessCpu() => (_end?.Cpu ?? Process.GetCurrentProcess().TotalProcessorTime) - _cpu;

    /// <summary>Our PostgreSQL server's CPU over the period (null on SQLite).</summary>
    public TimeSpan? ServerCpuTime() => ((_end is { } end ? end.Server : ServerCpu.Now()) - _server)?.Total;
}
