using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Auth;

/// <summary>
/// Who may see an order (§5): its buyer, its seller, the marketplace and Support. Everyone else gets
/// 404, exactly as for a missing order, so ids do not leak.
/// </summary>
public static class OrderAccess
{
    public static bool CanSee(Actor caller, OrderState order) => caller.Role switch
    {
        ActorRole.Buyer => order.BuyerId == caller.Id,
        ActorRole.Seller => order.SellerId == caller.Id,
        ActorRole.Marketplace or ActorRole.Support => true,
        _ => false,
    };
}
