using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Api.Activities;

/// <summary>
/// The workflow's notice ports on the app's <c>notifications</c> table and its <see cref="INotificationSink"/>s: a notice is
/// stored under its effect id (a retried activity stores nothing twice and sends what the first attempt stored).
/// </summary>
internal sealed class NotificationPorts(NotificationStore notices, IEnumerable<INotificationSink> sinks, ILogger<NotificationPorts> logger) : INoticeStore, INoticeSink
{
    public async Task<Notice> AddAsync(Notice notice, CancellationToken cancellationToken)
    {
        var (stored, added) = await notices.AddAsync(
            notice.OrderId,
            new StoredNotification(notice.NotificationId, notice.Kind.ToString(), NoticeRecipients.Of(notice.Recipient), notice.Subject, notice.Body, notice.CreatedAt),
            cancellationToken);
        if (!added)
        {
            Log.NoticeAlreadyStored(logger, notice.NotificationId);
        }

        return notice with { Subject = stored.Subject, Body = stored.Body, CreatedAt = stored.CreatedAt };
    }

    public async Task DeliverAsync(Notice notice, CancellationToken cancellationToken)
    {
        var stored = new StoredNotification(notice.NotificationId, notice.Kind.ToString(), NoticeRecipients.Of(notice.Recipient), notice.Subject, notice.Body, notice.CreatedAt);
        foreach (var sink in sinks)
        {
            await sink.DeliverAsync(notice.OrderId, stored, cancellationToken);
        }
    }
}

/// <summary>Payments and inventory through the <see cref="Ledger.LedgerGateway"/>: the effect id is the <c>Idempotency-Key</c> downstream.</summary>
internal sealed class LedgerPorts(Ledger.LedgerGateway ledger) : IPaymentGateway, IInventory
{
    public Task ReleaseAuthorizationAsync(PaymentInstruction instruction, CancellationToken cancellationToken) =>
        ledger.PayAsync(instruction.IdempotencyKey, instruction.OrderId, Ledger.LedgerKind.ReleaseAuthorization, instruction.Amount, cancellationToken);

    public Task CaptureAsync(PaymentInstruction instruction, CancellationToken cancellationToken) =>
        ledger.PayAsync(instruction.IdempotencyKey, instruction.OrderId, Ledger.LedgerKind.CapturePayment, instruction.Amount, cancellationToken);

    public Task RestockAsync(RestockInstruction instruction, CancellationToken cancellationToken) =>
        ledger.RestockAsync(instruction.IdempotencyKey, instruction.OrderId, instruction.Sku, instruction.Quantity, cancellationToken);
}

/// <summary>
/// ORDER_CHANGE (SP-API Notifications) to webhook subscriptions: the notification is built and stored once under its
/// effect id (every subscriber and every retry gets the same body), then delivered once per subscription by its own
/// activity, signed, with <c>Idempotency-Key: {effectId}:{subscriptionId}</c>.
/// </summary>
internal sealed class WebhookOrderChanges(NotificationStore notices, SubscriptionStore subscriptions, WebhookDispatcher webhooks) : IOrderChangePublisher
{
    public async Task<IReadOnlyList<string>> PrepareAsync(OrderChange change, CancellationToken cancellationToken)
    {
        // Whole milliseconds, as the store keeps them: the body's times then equal the notice's createdAt.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(change.At.ToUnixTimeMilliseconds());
        var body = OrderChangeNotification.Build(change.NotificationId, change.Order, change.Change, at);
        var (stored, _) = await notices.AddAsync(
            change.Order.OrderId,
            new StoredNotification(change.NotificationId, change.Change.ChangeType.ToString(), NoticeRecipients.Subscribers,
                $"{OrderChangeNotification.NotificationType} {change.Change.ChangeType}: {change.Change.OrderStatus}", body, at),
            cancellationToken);
        var matching = await subscriptions.MatchingAsync(change.Order.SellerId, change.Change.ChangeType, stored.CreatedAt, cancellationToken);
        return [.. matching.Select(s => s.SubscriptionId)];
    }

    public async Task DeliverAsync(OrderChangeDelivery delivery, CancellationToken cancellationToken)
    {
        var notice = await notices.FindAsync(delivery.NotificationId, cancellationToken)
            ?? throw new InvalidOperationException($"ORDER_CHANGE {delivery.NotificationId} is not stored.");
        if (await subscriptions.FindForDeliveryAsync(delivery.SubscriptionId, cancellationToken) is { } target)
        {
            await webhooks.DeliverAsync(delivery.NotificationId, delivery.OrderId, target, notice.Body, cancellationToken);
        }
    }
}
