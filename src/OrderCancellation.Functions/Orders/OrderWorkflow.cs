using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Durable.Timers;

namespace OrderCancellation.Functions.Orders;

/// <summary>
/// The "Order" workflow: one instance per order, instance id = order id. Commands from callers arrive
/// through <see cref="OrderCommands"/>; this answers the steps the runtime starts itself.
/// </summary>
public sealed class OrderWorkflow(CancellationPolicy policy) : IWorkflow
{
    public const string WorkflowName = "Order";

    public string Name => WorkflowName;

    /// <summary>Timers are named after their <see cref="TimerKind"/>; an unknown name is a bug (the runtime logs it and retries later).</summary>
    public StepDecision OnTimer(InstanceSnapshot instance, DueTimer timer, DateTimeOffset now)
    {
        if (!Enum.TryParse<TimerKind>(timer.Name, ignoreCase: false, out var kind))
        {
            throw new InvalidOperationException($"Order {instance.InstanceId} has a timer '{timer.Name}' that is no TimerKind.");
        }

        return OrderStep.Decide(OrderCommand.ForTimer(kind, OrderStep.FiredAt(timer.Payload, now)), instance, policy).Decision;
    }

    public StepDecision OnActivityFailed(InstanceSnapshot instance, DeadActivity activity, DateTimeOffset now) =>
        OrderStep.Decide(new OrderCommand.ActivityFailed(now, activity.Name, activity.LastError), instance, policy).Decision;
}
