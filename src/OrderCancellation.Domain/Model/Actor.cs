namespace OrderCancellation.Domain.Model;

/// <summary>Who acts: a role and the id of the buyer, seller or operator behind it.</summary>
public sealed record Actor(ActorRole Role, string Id)
{
    /// <summary>The service itself, acting on its timers and on failed activities.</summary>
    public static Actor System { get; } = new(ActorRole.Marketplace, "order-cancellation");

    public static Actor Buyer(string id) => new(ActorRole.Buyer, id);

    public static Actor Seller(string id) => new(ActorRole.Seller, id);

    public static Actor Marketplace(string id) => new(ActorRole.Marketplace, id);

    public static Actor Support(string id) => new(ActorRole.Support, id);
}
