using Azure.Monitor.OpenTelemetry.AspNetCore;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Api.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the app's sources and meters, ASP.NET Core, <c>HttpClient</c>, Npgsql, Durable Task and
/// the runtime. Exported only where configured: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, Prometheus at <c>/metrics</c> (standalone host) when
/// <c>Telemetry:Prometheus</c> is true.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "order-cancellation";

    /// <summary>Every <see cref="System.Diagnostics.ActivitySource"/> traced: the app's, then Durable Task's (the DTFx dispatchers, the SDK).</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [OrdersTelemetry.Name, WorkflowTelemetry.Name, "DurableTask.Core", "Microsoft.DurableTask"];

    /// <summary>Every <see cref="System.Diagnostics.Metrics.Meter"/> collected besides the instrumentations': the app's and the provider's.</summary>
    public static IReadOnlyList<string> Meters { get; } =
        [OrdersTelemetry.Name, FeedsTelemetry.Name, WorkflowTelemetry.Name, "DurableTask.Relational"];

    /// <summary>The instruments the app's code records with; registered by <see cref="OrderCancellationApiSetup"/>, exported or not.</summary>
    public static IServiceCollection AddOrderCancellationInstruments(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<OrdersTelemetry>();
        services.AddSingleton<FeedsTelemetry>();
        return services;
    }

    /// <summary>Traces, metrics and logs, and their exporters as configured. The Functions host adds the worker's own defaults to what this returns.</summary>
    public static OpenTelemetryBuilder AddOrderCancellationTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.SectionName));

        // Every log written inside a span carries its trace and span ids (console and OpenTelemetry alike).
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource([.. Sources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter([.. Meters])
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.WithLogging().UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitor(); // reads the connection string itself; adds its own log exporter
        }

        return telemetry;
    }

    /// <summary>The Prometheus scrape endpoint (<c>GET /metrics</c>, anonymous: scrapers carry no token) when <c>Telemetry:Prometheus</c> is true.</summary>
    public static IEndpointRouteBuilder MapOrderCancellationTelemetry(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint().AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }
}
