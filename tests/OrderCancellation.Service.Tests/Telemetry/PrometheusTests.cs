using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>A host with <c>Telemetry:Prometheus</c> on.</summary>
public sealed class PrometheusHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities()) { ["Telemetry:Prometheus"] = "true" };
}

/// <summary>Issue 21: the standalone host's scrape endpoint, and the providers both hosts register.</summary>
public sealed class PrometheusTests(PrometheusHost fixture) : IClassFixture<PrometheusHost>
{
    [Fact]
    public async Task With_Prometheus_on_the_metrics_are_served_at_metrics_without_a_token()
    {
        await fixture.Host.PlaceAsync(OrderApi.Order()); // the fixture's warm-up counted commands already; one more for sure
        using var anonymous = fixture.Host.CreateClient();

        using var scraped = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("ordercancellation_commands_decided", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_registers_a_tracer_provider_and_a_meter_provider()
    {
        Assert.NotNull(fixture.Host.Services.GetService<TracerProvider>());
        Assert.NotNull(fixture.Host.Services.GetService<MeterProvider>());
    }
}
