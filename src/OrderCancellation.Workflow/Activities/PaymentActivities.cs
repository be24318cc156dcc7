using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow.Activities;

/// <summary>Releases the uncaptured authorization for cancelled amounts (§4.6). Answers the idempotency key.</summary>
[DurableTask(EffectNames.ReleaseAuthorization)]
public sealed class ReleaseAuthorizationActivity(IPaymentGateway payments)
    : TaskActivity<EffectInput<Activity.ReleaseAuthorization>, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EffectInput<Activity.ReleaseAuthorization> input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.ReleaseAuthorization, input.OrderId, input.TraceParent, async () =>
        {
            await payments.ReleaseAuthorizationAsync(new PaymentInstruction(input.EffectId, input.OrderId, input.Activity.Amount), CancellationToken.None);
            return input.EffectId;
        });
}

/// <summary>Charges the buyer for what shipped (§4.6). Answers the idempotency key.</summary>
[DurableTask(EffectNames.CapturePayment)]
public sealed class CapturePaymentActivity(IPaymentGateway payments)
    : TaskActivity<EffectInput<Activity.CapturePayment>, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EffectInput<Activity.CapturePayment> input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.CapturePayment, input.OrderId, input.TraceParent, async () =>
        {
            await payments.CaptureAsync(new PaymentInstruction(input.EffectId, input.OrderId, input.Activity.Amount), CancellationToken.None);
            return input.EffectId;
        });
}
