using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// A webhook for ORDER_CHANGE events (§5). A seller's subscription receives the events of its own orders,
/// the marketplace's receives every order's; <see cref="Events"/> filters by change type. Its secret is not here:
/// it is stored encrypted and read only to sign a delivery (<see cref="SubscriptionStore.FindForDeliveryAsync"/>).
/// </summary>
public sealed record WebhookSubscription(
    string SubscriptionId,
    Actor Owner,
    Uri Url,
    IReadOnlyList<OrderChangeType> Events,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether this subscription receives a change of <paramref name="type"/> on an order of <paramref name="sellerId"/>.</summary>
    public bool Matches(string sellerId, OrderChangeType type) =>
        Events.Contains(type) && Owner.Role switch
        {
            ActorRole.Marketplace => true,
            ActorRole.Seller => Owner.Id == sellerId,
            _ => false,
        };
}

/// <summary>What a delivery needs: where to post and the secret to sign with (in clear, in memory only).</summary>
public sealed record WebhookTarget(WebhookSubscription Subscription, string Secret);

/// <summary>One page of an owner's subscriptions in id order; <paramref name="After"/> is the next page's start (null on the last page).</summary>
public sealed record SubscriptionPage(IReadOnlyList<WebhookSubscription> Subscriptions, string? After);

/// <summary>
/// The subscription a create stored or found under its idempotency key (<paramref name="Created"/> false), with that
/// request's fingerprint and secret: a repeat must carry the same secret, compared in clear (the fingerprint leaves it out,
/// so that no unkeyed hash of a secret is stored).
/// </summary>
public sealed record SubscriptionCreation(WebhookSubscription Subscription, bool Created, string? Fingerprint, string Secret);
