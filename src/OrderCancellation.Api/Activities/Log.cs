using Microsoft.Extensions.Logging;

namespace OrderCancellation.Api.Activities;

/// <summary>
/// Log lines of the activity side (handlers, notices, webhooks, ledger), with stable event ids in the 7xxx
/// range: 70xx notices, 71xx webhooks, 72xx payments and inventory.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(7401, LogLevel.Information, "Notice {NotificationId} for order {OrderId} to {Recipient} ({Kind}): {Subject}")]
    public static partial void NoticeDelivered(ILogger logger, string notificationId, string orderId, string recipient, string kind, string subject);

    [LoggerMessage(7402, LogLevel.Debug, "Notice {NotificationId} was stored by an earlier attempt; delivering it again to the sinks")]
    public static partial void NoticeAlreadyStored(ILogger logger, string notificationId);

    [LoggerMessage(7101, LogLevel.Information, "ORDER_CHANGE {ActivityId} of order {OrderId} delivered to subscription {SubscriptionId} (HTTP {StatusCode}, attempt {Attempt})")]
    public static partial void WebhookDelivered(ILogger logger, string activityId, string orderId, string subscriptionId, int statusCode, int attempt);

    [LoggerMessage(7102, LogLevel.Warning, "ORDER_CHANGE {ActivityId} of order {OrderId} to subscription {SubscriptionId} failed on attempt {Attempt}: {Error}")]
    public static partial void WebhookFailed(ILogger logger, string activityId, string orderId, string subscriptionId, int attempt, string error);

    [LoggerMessage(7201, LogLevel.Information, "{Kind} for order {OrderId} sent to {Endpoint} (HTTP {StatusCode}, Idempotency-Key {ActivityId})")]
    public static partial void LedgerCallSent(ILogger logger, string kind, string orderId, string endpoint, int statusCode, string activityId);

    [LoggerMessage(7202, LogLevel.Information, "{Kind} for order {OrderId} recorded in the ledger (no endpoint configured; activity {ActivityId})")]
    public static partial void LedgerRecorded(ILogger logger, string kind, string orderId, string activityId);
}
