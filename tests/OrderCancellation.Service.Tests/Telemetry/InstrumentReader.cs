using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>
/// Sums the measurements of one host's instruments: only meters its <see cref="IMeterFactory"/> created, so the other
/// hosts running in the same process do not count.
/// </summary>
internal sealed class InstrumentReader : IDisposable
{
    private readonly ConcurrentDictionary<string, long> sums = new();
    private readonly MeterListener listener = new();

    public InstrumentReader(IMeterFactory host, string meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, host) && instrument.Meter.Name == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal).Select(t => $"|{t}"));
            sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        listener.Start();
    }

    /// <summary>The sum for an instrument and exactly these tags (<c>key=value</c>, any order).</summary>
    public long Sum(string instrument, params string[] tags) =>
        sums.GetValueOrDefault(instrument + string.Concat(tags.Order(StringComparer.Ordinal).Select(t => $"|{t}")));

    public void Dispose() => listener.Dispose();
}
