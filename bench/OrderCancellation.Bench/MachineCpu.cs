namespace OrderCancellation.Bench;

/// <summary>
/// The machine's CPU time so far, all cores (Linux <c>/proc/stat</c>, first line, in ticks): how much was idle and how
/// much the hypervisor gave to other guests (steal). On a shared VM a run with much steal is slow for reasons outside
/// the code, so the feed bench prints both next to its figures. Null where the file does not exist.
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
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new MachineCpu(fields.Take(8).Sum(), fields[3] + fields[4], fields[7]);
    }

    public double IdlePercent => Total > 0 ? Math.Round(100.0 * Idle / Total, 1) : 0;

    public double StealPercent => Total > 0 ? Math.Round(100.0 * Steal / Total, 1) : 0;

    public static MachineCpu? operator -(MachineCpu? after, MachineCpu? before) =>
        after is { } a && before is { } b ? new MachineCpu(a.Total - b.Total, a.Idle - b.Idle, a.Steal - b.Steal) : null;
}
