using OrderCancellation.Api.Activities;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// The one sink for buyer e-mails and seller notices today: a structured log line (event 7001) carrying the
/// notice id, order, recipient, kind and subject. An e-mail or seller-messaging sink plugs in as another
/// <see cref="INotificationSink"/>.
/// </summary>
internal sealed class LogNotificationSink(ILogger<LogNotificationSink> logger) : INotificationSink
{
    public Task DeliverAsync(string orderId, StoredNotification notice, CancellationToken cancellationToken)
    {
        Log.NoticeDelivered(logger, notice.NotificationId, orderId, notice.Recipient, notice.Kind, notice.Subject);
        return Task.CompletedTask;
    }
}
