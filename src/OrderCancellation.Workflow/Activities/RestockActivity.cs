using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow.Activities;

/// <summary>Puts a cancelled quantity back into inventory (§4.6). Answers the idempotency key.</summary>
[DurableTask(EffectNames.Restock)]
public sealed class RestockActivity(IInventory inventory) : TaskActivity<EffectInput<Activity.Restock>, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EffectInput<Activity.Restock> input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.Restock, input.OrderId, input.TraceParent, async () =>
        {
            await inventory.RestockAsync(new RestockInstruction(input.EffectId, input.OrderId, input.Activity.Sku, input.Activity.Quantity), CancellationToken.None);
            return input.EffectId;
        });
}
