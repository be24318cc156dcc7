using System.Diagnostics.Metrics;

namespace OrderCancellation.Api.Telemetry;

/// <summary>The feeds' instruments (meter <see cref="Name"/>): records by result and how long processing a feed took.</summary>
public sealed class FeedsTelemetry
{
    public const string Name = "OrderCancellation.Feeds";

    private readonly Counter<long> records;
    private readonly Histogram<double> duration;

    public FeedsTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        records = meter.CreateCounter<long>("ordercancellation.feed.records", "{record}", "Feed records processed, by result (ok, warning, error).");
        duration = meter.CreateHistogram<double>("ordercancellation.feed.duration", "s", "How long one run of a feed's processing took, to its end.");
    }

    /// <summary>A feed ended: its records by result, and this run's duration.</summary>
    public void FeedEnded(long processed, long withError, long withWarning, TimeSpan elapsed)
    {
        records.Add(Math.Max(0, processed - withError - withWarning), new KeyValuePair<string, object?>("ordercancellation.feed.result", "ok"));
        records.Add(withWarning, new KeyValuePair<string, object?>("ordercancellation.feed.result", "warning"));
        records.Add(withError, new KeyValuePair<string, object?>("ordercancellation.feed.result", "error"));
        duration.Record(elapsed.TotalSeconds);
    }
}
