using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>Shipping labels (Merchant) and fulfillment stages (Amazon, MultiChannel): the soft point of no return.</summary>
internal static class FulfillmentDecisions
{
    public static Decision Label(OrderCommand.ShippingLabel c, OrderState order)
    {
        if (Access.Check(order, c.By, "buy or void shipping labels", ActorRole.Seller) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        var problem = order switch
        {
            { FulfillmentChannel: not FulfillmentChannel.Merchant } => Problems.NotMerchantOrder,
            { OrderStatus: OrderStatus.Canceled } => Problems.OrderCanceled,
            { IsOpen: false } => Problems.OrderShipped,
            _ => null,
        };
        if (problem is not null)
        {
            return Decision.Refuse(problem);
        }

        var purchase = c.Action == LabelAction.Purchased;
        if (purchase == order.ShippingLabelPurchased)
        {
            return Decision.Unchanged();
        }

        if (purchase && order.OrderStatus == OrderStatus.Pending)
        {
            return Decision.Refuse(Problems.PaymentPending); // Pending orders must not be shipped
        }

        E change = purchase ? new E.ShippingLabelPurchased(c.Now) : new E.ShippingLabelVoided(c.Now);
        return new DecisionDraft(order).Add(change).Accept(Outcome.Accepted);
    }

    /// <summary>Unfulfillable keeps the order open: only a cancel or a shipment closes it.</summary>
    public static Decision Stage(OrderCommand.ChangeFulfillmentStage c, OrderState order)
    {
        if (Access.Check(order, c.By, "change the fulfillment stage", ActorRole.Marketplace) is { } denied)
        {
            return Decision.Refuse(denied);
        }

        if (order.FulfillmentChannel == FulfillmentChannel.Merchant)
        {
            return Decision.Refuse(Problems.NotAmazonFulfilled);
        }

        if (order.OrderStatus == OrderStatus.Canceled)
        {
            return Decision.Refuse(Problems.OrderCanceled);
        }

        return order.FulfillmentStage == c.Stage
            ? Decision.Unchanged()
            : new DecisionDraft(order).Add(new E.FulfillmentStageChanged(c.Now, c.Stage)).Accept(Outcome.Accepted);
    }
}
