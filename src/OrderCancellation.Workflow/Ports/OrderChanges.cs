using System.Text.Json.Serialization;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Ports;

/// <summary>
/// An SP-API <c>ORDER_CHANGE</c> to publish: <paramref name="NotificationId"/> is the effect's id, <paramref name="Order"/>
/// the order as the decision left it (at <paramref name="Version"/>), <paramref name="At"/> the decision's time.
/// </summary>
public sealed record OrderChange(
    string NotificationId,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] OrderState Order,
    long Version,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] Activity.PublishOrderChange Change,
    DateTimeOffset At,
    string? TraceParent = null);

/// <summary>One delivery of a stored <c>ORDER_CHANGE</c> to one subscription; <paramref name="DeliveryId"/> is its idempotency key;
/// <paramref name="TraceParent"/> is the span of the command that caused it (the parent of the delivery's span).</summary>
public sealed record OrderChangeDelivery(string DeliveryId, string NotificationId, string OrderId, string SubscriptionId, string? TraceParent = null);

/// <summary>Webhook subscriptions and their deliveries (§5 subscriptions, signed with <c>X-Signature</c>).</summary>
public interface IOrderChangePublisher
{
    /// <summary>
    /// Stores the notification once (id <see cref="OrderChange.NotificationId"/>; a retry keeps the first body, so every
    /// subscriber and every retry get the same message) and answers the ids of the subscriptions it goes to.
    /// </summary>
    Task<IReadOnlyList<string>> PrepareAsync(OrderChange change, CancellationToken cancellationToken);

    /// <summary>Sends the stored notification to one subscription; throws when the receiver did not take it (the activity retries).</summary>
    Task DeliverAsync(OrderChangeDelivery delivery, CancellationToken cancellationToken);
}
