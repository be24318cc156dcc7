using OrderCancellation.Durable;
using OrderCancellation.Functions.Auth;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Runtime;

/// <summary>A Durable Functions-style status of one instance (operators: Marketplace, Support).</summary>
public sealed record InstanceStatusView(
    string InstanceId,
    string Name,
    InstanceStatus RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    string? CustomStatus,
    long Version,
    IReadOnlyList<PendingTimerView> PendingTimers,
    IReadOnlyList<PendingActivityView> PendingActivities);

public sealed record PendingTimerView(string Name, DateTimeOffset DueAt);

/// <param name="State"><c>Pending</c>, <c>Running</c> (claimed) or <c>Dead</c> (attempts exhausted).</param>
public sealed record PendingActivityView(string ActivityId, string Name, string State, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError);

public static class RuntimeEndpoints
{
    public static IEndpointRouteBuilder MapRuntimeStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/runtime/instances/{instanceId}", GetAsync)
            .RequireAuthorization(Policies.MarketplaceOrSupport)
            .WithTags("Runtime").WithName("GetInstanceStatus").Produces<InstanceStatusView>();
        return app;
    }

    private static async Task<IResult> GetAsync(string instanceId, IDurableRuntime runtime, CancellationToken cancellationToken)
    {
        if (await runtime.GetStatusAsync(instanceId, cancellationToken) is not { } status)
        {
            return Problems.NotFound($"Instance {instanceId}");
        }

        var i = status.Instance;
        return TypedResults.Ok(new InstanceStatusView(
            i.InstanceId,
            i.WorkflowName,
            status.RuntimeStatus,
            i.CreatedAt,
            i.UpdatedAt,
            i.CustomStatus,
            i.Version,
            [.. status.PendingTimers.Select(t => new PendingTimerView(t.Name, t.DueAt))],
            [.. status.Activities.Select(a => new PendingActivityView(a.ActivityId, a.Name, a.State, a.Attempts, a.NextAttemptAt, a.LastError))]));
    }
}
