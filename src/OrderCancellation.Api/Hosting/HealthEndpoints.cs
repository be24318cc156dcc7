using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OrderCancellation.Api.Hosting;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>Liveness runs no checks: the process answers, that is all it says.</summary>
    public static HealthCheckOptions Live { get; } = new() { Predicate = _ => false };

    /// <summary>Readiness runs the checks tagged <see cref="ReadyTag"/> (the store).</summary>
    public static HealthCheckOptions Ready { get; } = new() { Predicate = check => check.Tags.Contains(ReadyTag) };

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", Live);
        app.MapHealthChecks("/health/ready", Ready);
        return app;
    }
}
