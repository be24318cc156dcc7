namespace OrderCancellation.Domain.Model;

/// <summary>The order status is derived from the lines, never stored, so it cannot disagree with them.</summary>
public static class OrderStatusRules
{
    public static OrderStatus Derive(OrderState order)
    {
        var anyShipped = order.AnyLine(static l => l.QuantityShipped > 0);
        if (!order.IsOpen)
        {
            return anyShipped ? OrderStatus.Shipped : OrderStatus.Canceled;
        }

        if (anyShipped)
        {
            return OrderStatus.PartiallyShipped;
        }

        return order.PaymentVerified ? OrderStatus.Unshipped : OrderStatus.Pending;
    }

    /// <summary>
    /// Soft point of no return: the order is in the shipping process, so a buyer can only attempt to cancel.
    /// A fulfillment stage of Shipped (before the shipment is confirmed) counts as in the process too.
    /// </summary>
    public static bool InShippingProcess(this OrderState order) => order.FulfillmentChannel switch
    {
        FulfillmentChannel.Merchant => order.ShippingLabelPurchased,
        _ => order.FulfillmentStage is FulfillmentStage.Processing or FulfillmentStage.Shipped,
    };

    /// <summary>
    /// Marketplace orders (Merchant, Amazon) are paid through the marketplace and stay Pending until it verifies the
    /// payment; a Multi-Channel order was sold and paid on the seller's own channel, so it starts Unshipped (§4.1).
    /// </summary>
    public static bool HasMarketplacePayment(this FulfillmentChannel channel) => channel != FulfillmentChannel.MultiChannel;

    /// <summary>The amount of every cancelled quantity (released when the order completes).</summary>
    public static Money CanceledAmount(this OrderState order) => order.Sum(l => l.QuantityCanceled);

    public static Money Sum(this OrderState order, Func<LineState, int> quantity)
    {
        var amount = 0m;
        for (var i = 0; i < order.Lines.Count; i++) // by index: no enumerator (an order's effects sum it several times)
        {
            amount += order.Lines[i].UnitPrice.Amount * quantity(order.Lines[i]);
        }

        return new Money(amount, order.Lines[0].UnitPrice.CurrencyCode);
    }
}
