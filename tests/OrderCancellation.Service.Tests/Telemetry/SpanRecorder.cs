using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrderCancellation.Api.Telemetry;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry tracer provider with the in-memory exporter over the sources the app declares
/// (<see cref="TelemetrySetup.Sources"/>) and ASP.NET Core. Listeners are process-wide, so it sees every host's spans: a test
/// reads those of its own trace id.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly Spans spans = new();
    private readonly TracerProvider provider;

    public SpanRecorder()
    {
        provider = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. TelemetrySetup.Sources])
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();
    }

    /// <summary>The finished spans of a trace, once <paramref name="complete"/> holds for them; fails after 30 s.</summary>
    public async Task<IReadOnlyList<Activity>> TraceEventuallyAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (complete(trace))
            {
                return trace;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The trace is incomplete: {string.Join(", ", trace.Select(s => s.DisplayName))}");
            await Task.Delay(50);
        }
    }

    public void Dispose() => provider.Dispose();

    /// <summary>The exporter adds from the threads that end spans while the test reads.</summary>
    private sealed class Spans : ICollection<Activity>
    {
        private readonly List<Activity> items = [];

        public int Count { get { lock (items) { return items.Count; } } }

        public bool IsReadOnly => false;

        public List<Activity> Snapshot() { lock (items) { return [.. items]; } }

        public void Add(Activity item) { lock (items) { items.Add(item); } }

        public void Clear() { lock (items) { items.Clear(); } }

        public bool Contains(Activity item) { lock (items) { return items.Contains(item); } }

        public void CopyTo(Activity[] array, int arrayIndex) { lock (items) { items.CopyTo(array, arrayIndex); } }

        public bool Remove(Activity item) { lock (items) { return items.Remove(item); } }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
