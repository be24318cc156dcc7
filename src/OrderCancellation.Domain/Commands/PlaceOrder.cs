using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Commands;

public abstract partial record OrderCommand
{
    /// <summary>
    /// The marketplace places an order (it starts Pending; a MultiChannel order, paid off-platform, starts Unshipped). Placing the same order again is accepted
    /// with no events; the same id with other content is refused (409 <c>order-exists</c>).
    /// The order id is the caller's: generating one is the edge's job (the domain has no randomness).
    /// </summary>
    public sealed record PlaceOrder(
        Actor By,
        DateTimeOffset Now,
        string OrderId,
        string MarketplaceId,
        string BuyerId,
        string SellerId,
        FulfillmentChannel FulfillmentChannel,
        DateTimeOffset PurchaseDate,
        DateTimeOffset LatestShipDate,
        IReadOnlyList<OrderLine> Lines) : OrderCommand(By, Now);
}
