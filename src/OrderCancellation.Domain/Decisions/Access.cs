using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

/// <summary>Who may send a command to an order.</summary>
internal static class Access
{
    /// <summary>
    /// A buyer or seller acting on someone else's order gets 404 <c>not-your-order</c> (no existence
    /// leak), checked before the role so a stranger learns nothing; a role the command is not for gets 403.
    /// </summary>
    public static Problem? Check(OrderState order, Actor by, string action, params ActorRole[] allowed)
    {
        var stranger = by.Role switch
        {
            ActorRole.Buyer => by.Id != order.BuyerId,
            ActorRole.Seller => by.Id != order.SellerId,
            _ => false,
        };
        if (stranger)
        {
            return Problems.NotYourOrder;
        }

        return allowed.Contains(by.Role) ? null : Problems.NotAllowed($"A {by.Role} may not {action}.");
    }
}
