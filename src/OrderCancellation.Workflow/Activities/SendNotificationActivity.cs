using Microsoft.DurableTask;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Workflow.Activities;

/// <summary>Stores the notice (id = the effect id), then hands what was stored to every sink. Answers the notice id.</summary>
[DurableTask(EffectNames.SendNotification)]
public sealed class SendNotificationActivity(INoticeStore store, IEnumerable<INoticeSink> sinks)
    : TaskActivity<EffectInput<Activity.SendNotification>, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EffectInput<Activity.SendNotification> input) =>
        WorkflowTelemetry.RunActivityAsync(EffectNames.SendNotification, input.OrderId, input.TraceParent, async () =>
        {
            var notice = input.Activity;
            var stored = await store.AddAsync(
                new Notice(input.EffectId, input.OrderId, notice.Kind, notice.Recipient, notice.Subject, notice.Body, input.At),
                CancellationToken.None);
            foreach (var sink in sinks)
            {
                await sink.DeliverAsync(stored, CancellationToken.None);
            }

            return stored.NotificationId;
        });
}
