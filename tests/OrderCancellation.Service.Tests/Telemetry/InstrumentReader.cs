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
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => sums.AddOrUpdate($"{instrument.Name}#count", 1, (_, n) => n + 1));
        listener.Start();
    }

    /// <summary>The sum for an instrument and exactly these tags (<c>key=value</c>, any order).</summary>
    public long Sum(string instrument, params string[] tags) =>
        sums.GetValueOrDefault(instrument + string.Concat(tags.Order(StringComparer.Ordinal).Select(t => $"|{t}")));

    /// <summary>How many values a histogram of doubles recorded (any tags).</summary>
    public long Count(string instrument) => sums.GetValueOrDefault($"{instrument}#count");

    /// <summary>Waits until <paramref name="done"/> holds for what was measured (recording may follow the answer the test saw); fails after 10 s.</summary>
    public async Task EventuallyAsync(Func<InstrumentReader, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!done(this))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Not measured: {string.Join(", ", sums.Select(p => $"{p.Key}={p.Value}"))}");
            await Task.Delay(20);
        }
    }

    public void Dispose() => listener.Dispose();
}
