using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Decisions;

/// <summary>Placing an order fixes its deadlines with its marketplace's options and schedules its timers (§4.5).</summary>
internal static class PlaceOrderDecision
{
    public static Decision Decide(OrderCommand.PlaceOrder c, OrderState? existing, CancellationPolicy policy)
    {
        if (c.By.Role != ActorRole.Marketplace)
        {
            return Decision.Refuse(Problems.NotAllowed("Only the marketplace places orders."));
        }

        if (existing is not null)
        {
            return SameOrder(c, existing) ? Decision.Unchanged() : Decision.Refuse(Problems.OrderExists);
        }

        if (OrderValidation.Problem(c) is { } invalid)
        {
            return Decision.Refuse(Problems.InvalidOrder(invalid));
        }

        var deadlines = Deadlines(c, policy.For(c.MarketplaceId));
        var draft = new DecisionDraft(null).Add(new E.OrderPlaced(
            c.Now, c.OrderId, c.MarketplaceId, c.BuyerId, c.SellerId, c.FulfillmentChannel, c.PurchaseDate, c.LatestShipDate, c.Lines, deadlines));
        if (deadlines is { BuyerCancelWindowEndsAt: { } windowEnd, AutoCancelWarningAt: { } warnAt, AutoCancelAt: { } autoAt })
        {
            draft.Schedule(TimerKind.BuyerWindowCloses, windowEnd)
                .Schedule(TimerKind.AutoCancelWarning, warnAt)
                .Schedule(TimerKind.AutoCancel, autoAt);
        }

        if (deadlines.PendingPaymentExpiresAt is { } pendingExpires)
        {
            draft.Schedule(TimerKind.PendingPaymentTimeout, pendingExpires);
        }

        return draft.Accept(Outcome.Accepted);
    }

    /// <summary>
    /// The window and auto-cancel are Merchant rules: Amazon fulfils its own orders. Only an order paid through the
    /// marketplace waits for its payment. Deadlines already past when the order is placed are kept as they are: their
    /// timers fire at once (a Pending order's auto-cancel waits for the payment, see <see cref="PaymentDecision"/>).
    /// </summary>
    private static OrderDeadlines Deadlines(OrderCommand.PlaceOrder c, CancellationOptions options)
    {
        DateTimeOffset? pendingExpires = c.FulfillmentChannel.HasMarketplacePayment() ? c.PurchaseDate + options.PendingPaymentTimeout : null;
        if (c.FulfillmentChannel != FulfillmentChannel.Merchant)
        {
            return new OrderDeadlines(null, null, null, pendingExpires);
        }

        var autoCancelAt = c.LatestShipDate + options.AutoCancelAfterLatestShipDate;
        return new OrderDeadlines(
            c.PurchaseDate + options.BuyerSelfCancelWindow, autoCancelAt - options.AutoCancelWarningBefore, autoCancelAt, pendingExpires);
    }

    private static bool SameOrder(OrderCommand.PlaceOrder c, OrderState o) =>
        c.MarketplaceId == o.MarketplaceId && c.BuyerId == o.BuyerId && c.SellerId == o.SellerId
        && c.FulfillmentChannel == o.FulfillmentChannel && c.PurchaseDate == o.PurchaseDate && c.LatestShipDate == o.LatestShipDate
        && c.Lines.SequenceEqual(o.Lines.Select(l => new OrderLine(l.LineId, l.Sku, l.Quantity, l.UnitPrice)));
}
