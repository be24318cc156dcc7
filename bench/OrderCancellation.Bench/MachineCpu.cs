using System.Globalization;

namespace OrderCancellation.Bench;

/// <summary>
/// The machine's CPU time so far, all cores (Linux <c>/proc/stat</c>, first line, in ticks): idle and steal (time the
/// hypervisor gave to other guests). A run with much steal, or little idle, was slowed by something outside the code,
/// so every line carries both for its measured period. Null where the file does not exist.
/// </summary>
internal readonly record struct MachineCpu(long Total, long Idle, long Steal)
{
    public static MachineCpu? Now()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest time is already in user).
        var fields = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new MachineCpu(fields.Take(8).Sum(), fields[3] + fields[4], fields[7]);
    }

    public static MachineCpu? operator -(MachineCpu? after, MachineCpu? before) =>
        after is { } a && before is { } b ? new MachineCpu(a.Total - b.Total, a.Idle - b.Idle, a.Steal - b.Steal) : null;

    /// <summary>What every line reports about the machine over a measured period (as bench/DurableTask.Bench does).</summary>
    public static object Describe(MachineCpu? period) => new
    {
        cores = Environment.ProcessorCount,
        idlePct = period is { Total: > 0 } p ? Math.Round(100.0 * p.Idle / p.Total, 1) : (double?)null,
        stealPct = period is { Total: > 0 } q ? Math.Round(100.0 * q.Steal / q.Total, 1) : (double?)null,
        loadAvg1 = LoadAverage(),
    };

    private static double? LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
            : null;
}
