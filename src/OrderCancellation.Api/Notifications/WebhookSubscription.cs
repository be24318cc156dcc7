using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// A webhook for ORDER_CHANGE events (§5). A seller's subscription receives the events of its own orders,
/// the marketplace's receives every order's; <see cref="Events"/> filters by change type.
/// </summary>
public sealed record WebhookSubscription(
    string SubscriptionId,
    Actor Owner,
    Uri Url,
    string Secret,
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
