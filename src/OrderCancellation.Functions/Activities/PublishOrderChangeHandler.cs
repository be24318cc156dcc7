using OrderCancellation.Domain.Effects;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Notifications;

namespace OrderCancellation.Functions.Activities;

/// <summary>
/// Builds the SP-API <c>ORDER_CHANGE</c> notification for the order, stores it as a notice (kind = the change
/// type, recipient <c>subscribers</c>, id = the activity id) and delivers it to the matching webhook
/// subscriptions. The first attempt's stored body is what every retry delivers, so receivers see one message.
/// </summary>
internal sealed class PublishOrderChangeHandler(
    OrderLookup orders,
    NotificationStore notices,
    WebhookDispatcher webhooks,
    TimeProvider time) : IActivityHandler
{
    public string Name => nameof(Activity.PublishOrderChange);

    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var change = ActivityPayload.Read<Activity.PublishOrderChange>(context);
        var order = await orders.LoadAsync(context.InstanceId, cancellationToken);
        // Whole milliseconds, as the store keeps them: the body's times then equal the notice's createdAt.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var body = OrderChangeNotification.Build(context.ActivityId, order, change, now);
        var (stored, _) = await notices.AddAsync(
            context.InstanceId,
            new StoredNotification(context.ActivityId, change.ChangeType.ToString(), NoticeRecipients.Subscribers, $"{OrderChangeNotification.NotificationType} {change.ChangeType}: {change.OrderStatus}", body, now),
            cancellationToken);
        await webhooks.DeliverAsync(context.ActivityId, context.Attempt, context.InstanceId, order.SellerId, change.ChangeType, stored.CreatedAt, stored.Body, cancellationToken);
    }
}
