using Microsoft.DurableTask.Client;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Http.OpenApi;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Api.Runtime;

/// <summary>The Durable status of one orchestration, as Durable Functions' status query shows it (operators: Marketplace, Support).</summary>
/// <param name="OrderStatus">The order's status in that snapshot (the custom status leaves derived fields out).</param>
/// <param name="PendingTimers">The order's live durable timers (from its published snapshot).</param>
/// <param name="PendingEffects">How many effects (activities) are running.</param>
public sealed record InstanceStatusView(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    System.Text.Json.JsonElement? CustomStatus,
    Domain.Model.OrderStatus? OrderStatus,
    long Version,
    IReadOnlyList<PendingTimerView> PendingTimers,
    int PendingEffects);

public sealed record PendingTimerView(string Name, DateTimeOffset DueAt);

public static class RuntimeEndpoints
{
    public static IEndpointRouteBuilder MapRuntimeStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/runtime/instances/{instanceId}", GetAsync)
            .RequireAuthorization(Policies.MarketplaceOrSupport)
            .WithTags("Runtime").WithName("GetInstanceStatus").WithSummary("Read an orchestration's Durable status (marketplace, support)")
            .WithDescription("As Durable Functions' status query shows it, with the order's pending timers and running effects.")
            .Produces<InstanceStatusView>().ProducesProblems(403, 404);
        return app;
    }

    internal static async Task<IResult> GetAsync(string instanceId, IDurableClientSource durable, CancellationToken cancellationToken) =>
        await FindAsync(instanceId, durable, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : Problems.NotFound($"Instance {instanceId}");

    /// <summary>The status of one instance, or null when there is none (the endpoint and the operators' order page show the same).</summary>
    internal static async Task<InstanceStatusView?> FindAsync(string instanceId, IDurableClientSource durable, CancellationToken cancellationToken)
    {
        if (await durable.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) is not { } instance)
        {
            return null;
        }

        var published = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.SerializedOutput : instance.SerializedCustomStatus;
        var snapshot = SafeParse(published);
        System.Text.Json.JsonElement? custom = string.IsNullOrEmpty(instance.SerializedCustomStatus)
            ? null
            : System.Text.Json.JsonDocument.Parse(instance.SerializedCustomStatus).RootElement.Clone();
        return new InstanceStatusView(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            custom,
            snapshot?.Order?.OrderStatus,
            snapshot?.Version ?? 0,
            [.. (snapshot?.Timers ?? new Dictionary<Domain.Effects.TimerKind, DateTimeOffset>()).Select(t => new PendingTimerView(t.Key.ToString(), t.Value))],
            snapshot?.PendingEffects ?? 0);
    }

    /// <summary>Any orchestration can be looked at; only the order's publishes an <see cref="OrderSnapshot"/>.</summary>
    private static OrderSnapshot? SafeParse(string? json)
    {
        try
        {
            return OrderSnapshot.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
