using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DurableTask.Relational.Service;

/// <summary>
/// The provider's backlog as observable gauges (meter <see cref="Name"/>), per task hub: work items ready to be claimed
/// (a count over the claim queries' own conditions, refreshed in the background at most every few seconds, so a scrape
/// never waits for the database) and work items this process holds (its leases, kept anyway for the hand-back on stop).
/// </summary>
internal static class ProviderMetrics
{
    public const string Name = "DurableTask.Relational";

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<Source, byte> Live = new();

    static ProviderMetrics()
    {
        Meter.CreateObservableGauge("durabletask.relational.work_items.ready", () => Observe(s => s.Ready()), "{work_item}",
            "Orchestration instances with a visible message and activities not leased, ready to be claimed by any worker.");
        Meter.CreateObservableGauge("durabletask.relational.work_items.in_flight", () => Observe(s => s.InFlight()), "{work_item}",
            "Work items this process holds a lease on: claimed and not yet completed, abandoned or released.");
    }

    /// <summary>What one service object reports: its held leases, and a way to count the ready rows.</summary>
    public sealed class Source(string taskHub, HeldLeases held, Func<Task<(long Orchestrations, long Activities)>> countReady, TimeProvider time)
    {
        private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
        private (long Orchestrations, long Activities) ready;
        private DateTimeOffset counted = DateTimeOffset.MinValue;
        private int counting;

        public IEnumerable<Measurement<long>> InFlight() =>
            [Measure(held.Orchestrations.Count, "orchestration"), Measure(held.Activities.Count, "activity")];

        /// <summary>The last count; a stale one starts a new count for the next observation.</summary>
        public IEnumerable<Measurement<long>> Ready()
        {
            if (time.GetUtcNow() - counted > Fresh && Interlocked.Exchange(ref counting, 1) == 0)
            {
                _ = CountAsync();
            }

            return [Measure(ready.Orchestrations, "orchestration"), Measure(ready.Activities, "activity")];
        }

        private async Task CountAsync()
        {
            try
            {
                ready = await countReady();
                counted = time.GetUtcNow();
            }
            catch (Exception)
            {
                // A gauge must not fail its collector: the database being away shows in the provider's own logs; the last count stays.
            }
            finally
            {
                Volatile.Write(ref counting, 0);
            }
        }

        private Measurement<long> Measure(long value, string kind) =>
            new(value, new KeyValuePair<string, object?>("durabletask.task_hub", taskHub), new("durabletask.work_item", kind));
    }

    public static void Track(Source source) => Live.TryAdd(source, 0);

    public static void Forget(Source source) => Live.TryRemove(source, out _);

    private static IEnumerable<Measurement<long>> Observe(Func<Source, IEnumerable<Measurement<long>>> measure) =>
        [.. Live.Keys.SelectMany(measure)];
}
