using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// ShipmentConfirmed (§4.4): shipped quantities go up, never beyond what is still open, so nothing
/// cancelled is ever shipped; it fails an open attempt and declines an open request it makes impossible.
/// </summary>
internal static class ShipmentDecision
{
    public static Decision Decide(OrderCommand.ConfirmShipment c, OrderState order)
    {
        if (Access.Check(order, c.By, "confirm shipments", ActorRole.Seller, ActorRole.Marketplace) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        if (Problem(c, order) is { } problem)
        {
            return Decision.Refuse(problem);
        }

        var draft = new DecisionDraft(order).Add(new E.ShipmentConfirmed(c.Now, c.Lines, c.Carrier, c.TrackingId));
        BuyerRequestClosure.AfterShipment(draft, c.Now);
        return draft.Accept(Outcome.Accepted);
    }

    private static Problem? Problem(OrderCommand.ConfirmShipment c, OrderState order)
    {
        if (c.By.Role == ActorRole.Seller && order.FulfillmentChannel != FulfillmentChannel.Merchant)
        {
            return Problems.NotAllowed("The fulfillment network confirms shipments of Amazon-fulfilled orders.");
        }

        if (order.OrderStatus == OrderStatus.Canceled)
        {
            return Problems.OrderCanceled;
        }

        if (order.OrderStatus == OrderStatus.Pending)
        {
            return Problems.PaymentPending;
        }

        if (c.Lines is null || c.Lines.Count == 0)
        {
            return Problems.InvalidQuantity("A shipment needs at least one line.");
        }

        if (LineChecks.Validate(order, c.Lines) is { } invalid)
        {
            return invalid;
        }

        var tooMuch = c.Lines.FirstOrDefault(l => l.Quantity > order.Line(l.LineId)!.QuantityCancelable);
        return tooMuch is null
            ? null
            : Problems.QuantityNotShippable with { Detail = $"Line {tooMuch.LineId} has only {order.Line(tooMuch.LineId)!.QuantityCancelable} left to ship (ordered − shipped − canceled)." };
    }
}
