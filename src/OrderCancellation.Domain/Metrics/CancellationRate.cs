using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Domain.Metrics;

/// <summary>What the metric needs to know of one order.</summary>
public sealed record OrderSummary(string SellerId, FulfillmentChannel FulfillmentChannel, DateTimeOffset PurchaseDate, bool HasCountedCancellation)
{
    public static OrderSummary From(OrderState order) =>
        new(order.SellerId, order.FulfillmentChannel, order.PurchaseDate, order.Cancellations.Any(c => c.CountsAgainstSeller));
}

public enum RateStatus { Good, AtRisk }

public sealed record CancellationRateReport(
    string SellerId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int Orders,
    int OrdersWithSellerCancellation,
    decimal Rate,
    decimal Threshold,
    RateStatus Status);

/// <summary>
/// §4.7: per seller, Merchant orders purchased in (now − window, now], orders with at least one
/// counted cancellation ÷ orders. Good below the threshold, AtRisk at or above it; no orders is a rate of 0.
/// </summary>
public static class CancellationRate
{
    public static CancellationRateReport Compute(string sellerId, IEnumerable<OrderSummary> orders, DateTimeOffset now, CancellationOptions options)
    {
        var windowStart = now - options.CancellationRateWindow;
        var inWindow = orders
            .Where(o => o.SellerId == sellerId && o.FulfillmentChannel == FulfillmentChannel.Merchant)
            .Where(o => o.PurchaseDate > windowStart && o.PurchaseDate <= now)
            .ToList();
        var counted = inWindow.Count(o => o.HasCountedCancellation);
        var rate = inWindow.Count == 0 ? 0m : (decimal)counted / inWindow.Count;
        var status = rate >= options.CancellationRateThreshold ? RateStatus.AtRisk : RateStatus.Good;
        return new CancellationRateReport(sellerId, windowStart, now, inWindow.Count, counted, rate, options.CancellationRateThreshold, status);
    }
}
