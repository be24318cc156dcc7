namespace OrderCancellation.Api.Notifications;

/// <summary>A notice produced for an order (§5 notification shape).</summary>
public sealed record StoredNotification(
    string NotificationId,
    string Kind,
    string Recipient,
    string Subject,
    string Body,
    DateTimeOffset CreatedAt);

/// <summary>Every notice is stored, queryable per order (§4.6).</summary>
public interface INotificationStore
{
    Task<IReadOnlyList<StoredNotification>> ListForOrderAsync(string orderId, CancellationToken cancellationToken);
}
