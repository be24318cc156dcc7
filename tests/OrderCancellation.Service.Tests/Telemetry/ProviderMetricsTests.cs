using System.Diagnostics.Metrics;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>Issue 21: the relational provider's backlog gauges, ready and in flight, per kind of work item.</summary>
public sealed class ProviderMetricsTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task The_provider_reports_ready_and_in_flight_work_items_of_both_kinds()
    {
        await fixture.Host.PlaceAsync(OrderApi.Order());
        var seen = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "DurableTask.Relational")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Assert.True(value >= 0, $"{instrument.Name} = {value}");
            foreach (var tag in tags)
            {
                if (tag.Key == "durabletask.work_item")
                {
                    lock (seen)
                    {
                        seen.Add($"{instrument.Name}:{tag.Value}");
                    }
                }
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(
            [
                "durabletask.relational.work_items.in_flight:activity", "durabletask.relational.work_items.in_flight:orchestration",
                "durabletask.relational.work_items.ready:activity", "durabletask.relational.work_items.ready:orchestration",
            ],
            seen.Order(StringComparer.Ordinal));
    }
}
