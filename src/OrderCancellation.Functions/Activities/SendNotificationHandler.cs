using OrderCancellation.Domain.Effects;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Notifications;

namespace OrderCancellation.Functions.Activities;

/// <summary>
/// Stores a buyer or seller notice (id = the activity id, so a redelivery stores nothing twice) and hands
/// it to every <see cref="INotificationSink"/>. The wording is the domain's (<see cref="Notices"/>).
/// </summary>
internal sealed class SendNotificationHandler(
    NotificationStore notices,
    IEnumerable<INotificationSink> sinks,
    TimeProvider time,
    ILogger<SendNotificationHandler> logger) : IActivityHandler
{
    public string Name => nameof(Activity.SendNotification);

    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var notice = ActivityPayload.Read<Activity.SendNotification>(context);
        var (stored, added) = await notices.AddAsync(
            context.InstanceId,
            new StoredNotification(context.ActivityId, notice.Kind.ToString(), NoticeRecipients.Of(notice.Recipient), notice.Subject, notice.Body, time.GetUtcNow()),
            cancellationToken);
        if (!added)
        {
            Log.NoticeAlreadyStored(logger, context.ActivityId);
        }

        foreach (var sink in sinks)
        {
            await sink.DeliverAsync(context.InstanceId, stored, cancellationToken);
        }
    }
}
