using Microsoft.DurableTask;
using OrderCancellation.Workflow.Activities;

namespace OrderCancellation.Workflow;

/// <summary>Registers the order workflow with a Durable Task worker: <c>builder.AddTasks(r =&gt; r.AddOrderWorkflow(options))</c>.</summary>
public static class OrderWorkflowRegistration
{
    /// <summary>
    /// <see cref="OrderOrchestration"/> (one instance: it keeps no state between runs) and one activity per effect.
    /// The activities take the ports (<c>INoticeStore</c>, every <c>INoticeSink</c>, <c>IPaymentGateway</c>, <c>IInventory</c>,
    /// <c>IOrderChangePublisher</c>, <c>IOrderProjection</c>) from the worker's services.
    /// </summary>
    public static DurableTaskRegistry AddOrderWorkflow(this DurableTaskRegistry registry, OrderWorkflowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var orchestration = new OrderOrchestration(options);
        return registry
            .AddOrchestrator(OrderOrchestration.Name, () => orchestration)
            .AddActivity<SendNotificationActivity>()
            .AddActivity<ReleaseAuthorizationActivity>()
            .AddActivity<CapturePaymentActivity>()
            .AddActivity<RestockActivity>()
            .AddActivity<PrepareOrderChangeActivity>()
            .AddActivity<DeliverOrderChangeActivity>()
            .AddActivity<ProjectOrderActivity>();
    }
}
