using OrderCancellation.Domain.Commands;

namespace OrderCancellation.Domain.Decisions;

/// <summary>What a placed order must look like; the first thing wrong, or null.</summary>
internal static class OrderValidation
{
    public static string? Problem(OrderCommand.PlaceOrder c)
    {
        string[] ids = [c.OrderId, c.MarketplaceId, c.BuyerId, c.SellerId];
        if (ids.Any(string.IsNullOrWhiteSpace))
        {
            return "orderId, marketplaceId, buyerId and sellerId are required.";
        }

        if (c.LatestShipDate < c.PurchaseDate)
        {
            return "latestShipDate is before purchaseDate.";
        }

        if (c.Lines is null || c.Lines.Count == 0)
        {
            return "An order needs at least one line.";
        }

        if (c.Lines.Select(l => l.LineId).Distinct().Count() != c.Lines.Count || c.Lines.Any(l => string.IsNullOrWhiteSpace(l.LineId)))
        {
            return "Every line needs its own lineId.";
        }

        if (c.Lines.Any(l => string.IsNullOrWhiteSpace(l.Sku) || l.Quantity <= 0 || l.UnitPrice is null || l.UnitPrice.Amount < 0))
        {
            return "Every line needs a sku, a positive quantity and a unit price that is not negative.";
        }

        return c.Lines.Select(l => l.UnitPrice.CurrencyCode).Distinct().Count() == 1 ? null : "All lines must be in one currency.";
    }
}
