using Microsoft.DurableTask;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow.Activities;

/// <summary>Stores an <c>ORDER_CHANGE</c> notification once and answers the subscriptions it goes to.</summary>
[DurableTask(EffectNames.PrepareOrderChange)]
public sealed class PrepareOrderChangeActivity(IOrderChangePublisher publisher) : TaskActivity<OrderChange, IReadOnlyList<string>>
{
    public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, OrderChange input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.PrepareOrderChange, input.Order.OrderId, input.TraceParent, () => publisher.PrepareAsync(input, CancellationToken.None));
}

/// <summary>Delivers a stored <c>ORDER_CHANGE</c> to one subscription. Answers the delivery id.</summary>
[DurableTask(EffectNames.DeliverOrderChange)]
public sealed class DeliverOrderChangeActivity(IOrderChangePublisher publisher) : TaskActivity<OrderChangeDelivery, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, OrderChangeDelivery input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.DeliverOrderChange, input.OrderId, input.TraceParent, async () =>
        {
            await publisher.DeliverAsync(input, CancellationToken.None);
            return input.DeliveryId;
        });
}
