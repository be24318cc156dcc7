namespace OrderCancellation.Api.Telemetry;

/// <summary>The <c>Telemetry</c> section. OTLP and Azure Monitor follow their own standard variables (see <see cref="TelemetrySetup"/>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Serves the metrics at <c>GET /metrics</c> (Prometheus text format, anonymous) on the standalone host. Default false.</summary>
    public bool Prometheus { get; set; }
}
