using Microsoft.DurableTask;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow.Activities;

/// <summary>Writes the order at a version to the read model. Answers <c>{orderId}:{version}</c>.</summary>
[DurableTask(EffectNames.ProjectOrder)]
public sealed class ProjectOrderActivity(IOrderProjection projection) : TaskActivity<OrderProjection, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, OrderProjection input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.ProjectOrder, input.OrderId, input.TraceParent, async () =>
        {
            await projection.ProjectAsync(input, CancellationToken.None);
            if (input.Events.Count > 0)
            {
                WorkflowTelemetry.Projected(input.Events.Max(e => e.At));
            }

            return $"{input.OrderId}:{input.Version}";
        });
}
