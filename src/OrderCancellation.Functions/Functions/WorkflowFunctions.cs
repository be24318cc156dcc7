using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Contracts;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Functions.Functions;

/// <summary>
/// The order workflow under Durable Functions: the orchestration and one activity per effect, each a one-line wrapper
/// around the class the standalone host registers (<c>AddOrderWorkflow</c>), under the same names
/// (<see cref="OrderOrchestration.Name"/>, <see cref="EffectNames"/>). Activities take their ports from the app's services.
/// </summary>
public sealed class WorkflowFunctions(OrderWorkflowOptions options)
{
    [Function(OrderOrchestration.Name)]
    public Task<JsonElement> RunOrderOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new OrderOrchestration(options).RunAsync(context, context.GetInput<OrderInput>()!);

    [Function(EffectNames.SendNotification)]
    public static Task<string> SendNotification([ActivityTrigger] EffectInput<Activity.SendNotification> input, string instanceId, FunctionContext context) =>
        Create<SendNotificationActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.SendNotification, instanceId), input);

    [Function(EffectNames.ReleaseAuthorization)]
    public static Task<string> ReleaseAuthorization([ActivityTrigger] EffectInput<Activity.ReleaseAuthorization> input, string instanceId, FunctionContext context) =>
        Create<ReleaseAuthorizationActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.ReleaseAuthorization, instanceId), input);

    [Function(EffectNames.CapturePayment)]
    public static Task<string> CapturePayment([ActivityTrigger] EffectInput<Activity.CapturePayment> input, string instanceId, FunctionContext context) =>
        Create<CapturePaymentActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.CapturePayment, instanceId), input);

    [Function(EffectNames.Restock)]
    public static Task<string> Restock([ActivityTrigger] EffectInput<Activity.Restock> input, string instanceId, FunctionContext context) =>
        Create<RestockActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.Restock, instanceId), input);

    [Function(EffectNames.PrepareOrderChange)]
    public static Task<IReadOnlyList<string>> PrepareOrderChange([ActivityTrigger] OrderChange input, string instanceId, FunctionContext context) =>
        Create<PrepareOrderChangeActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.PrepareOrderChange, instanceId), input);

    [Function(EffectNames.DeliverOrderChange)]
    public static Task<string> DeliverOrderChange([ActivityTrigger] OrderChangeDelivery input, string instanceId, FunctionContext context) =>
        Create<DeliverOrderChangeActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.DeliverOrderChange, instanceId), input);

    [Function(EffectNames.ProjectOrder)]
    public static Task<string> ProjectOrder([ActivityTrigger] OrderProjection input, string instanceId, FunctionContext context) =>
        Create<ProjectOrderActivity>(context).RunAsync(new FunctionActivityContext(EffectNames.ProjectOrder, instanceId), input);

    /// <summary>The activity class with its ports from the invocation's services (as the standalone worker creates it).</summary>
    private static T Create<T>(FunctionContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);
    }
}
