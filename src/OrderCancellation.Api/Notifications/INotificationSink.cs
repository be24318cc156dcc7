namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Where a stored buyer or seller notice goes besides the store. Called at least once per notice (a retried
/// activity delivers again): the notice id is the idempotency key to hand on.
/// </summary>
public interface INotificationSink
{
    Task DeliverAsync(string orderId, StoredNotification notice, CancellationToken cancellationToken);
}
