using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Domain.Metrics;

/// <summary>What the metric needs to know of one order: when it was placed and when it received counted cancellations.</summary>
public sealed record OrderSummary(
    string OrderId, string SellerId, FulfillmentChannel FulfillmentChannel, DateTimeOffset PurchaseDate, IReadOnlyList<DateTimeOffset> CountedCancellations)
{
    public static OrderSummary From(OrderState order) =>
        new(order.OrderId, order.SellerId, order.FulfillmentChannel, order.PurchaseDate, [.. order.Cancellations.Where(c => c.CountsAgainstSeller).Select(c => c.At)]);
}

public enum RateStatus { Good, AtRisk }

/// <summary>One day of the seller's chart: the window that ends when that UTC day ends (today: now).</summary>
public sealed record CancellationRatePoint(DateOnly Date, int Orders, int OrdersWithSellerCancellation, decimal Rate);

public sealed record CancellationRateReport(
    string SellerId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int Orders,
    int OrdersWithSellerCancellation,
    decimal Rate,
    decimal Threshold,
    RateStatus Status,
    IReadOnlyList<CancellationRatePoint>? Daily = null);

/// <summary>
/// §4.7, per seller and Merchant orders only, over the window (end − window, end]: the numerator is the orders that
/// received a counted cancellation in the window, whatever their purchase date (so an auto-cancel, 7 days after the
/// latest ship date, counts in the week it happens); the denominator is the orders placed in the window plus the
/// numerator's orders placed earlier. Good below the threshold, AtRisk at or above it; no orders is a rate of 0.
/// </summary>
public static class CancellationRate
{
    /// <summary>The longest daily series a caller may ask for.</summary>
    public const int MaxDays = 90;

    public static CancellationRateReport Compute(string sellerId, IEnumerable<OrderSummary> orders, DateTimeOffset now, CancellationOptions options, int? days = null)
    {
        var relevant = Relevant(sellerId, orders);
        var (count, counted, rate) = Window(relevant, now - options.CancellationRateWindow, now);
        var status = rate >= options.CancellationRateThreshold ? RateStatus.AtRisk : RateStatus.Good;
        var daily = days is { } n ? Series(relevant, now, n, options.CancellationRateWindow) : null;
        return new CancellationRateReport(sellerId, now - options.CancellationRateWindow, now, count, counted, rate, options.CancellationRateThreshold, status, daily);
    }

    /// <summary>The earliest instant any window of a report (with its series of <paramref name="days"/>) looks at: read the orders from there.</summary>
    public static DateTimeOffset EarliestNeeded(DateTimeOffset now, CancellationOptions options, int? days = null) =>
        (days is { } n ? DayEnd(now, Today(now).AddDays(1 - n)) : now) - options.CancellationRateWindow;

    /// <summary>Oldest day first, today last; a past day's window ends at the following midnight (UTC), today's now.</summary>
    private static List<CancellationRatePoint> Series(IReadOnlyCollection<OrderSummary> orders, DateTimeOffset now, int days, TimeSpan window)
    {
        var today = Today(now);
        var points = new List<CancellationRatePoint>(days);
        for (var date = today.AddDays(1 - days); date <= today; date = date.AddDays(1))
        {
            var end = DayEnd(now, date);
            var (count, counted, rate) = Window(orders, end - window, end);
            points.Add(new CancellationRatePoint(date, count, counted, rate));
        }

        return points;
    }

    private static (int Orders, int Counted, decimal Rate) Window(IEnumerable<OrderSummary> orders, DateTimeOffset start, DateTimeOffset end)
    {
        int count = 0, counted = 0;
        foreach (var order in orders)
        {
            var cancelledInWindow = order.CountedCancellations.Any(at => In(at, start, end));
            if (cancelledInWindow || In(order.PurchaseDate, start, end))
            {
                count++;
                counted += cancelledInWindow ? 1 : 0;
            }
        }

        return (count, counted, count == 0 ? 0m : (decimal)counted / count);
    }

    /// <summary>The seller's Merchant orders, one each: an order read from two sources keeps every counted cancellation seen.</summary>
    private static List<OrderSummary> Relevant(string sellerId, IEnumerable<OrderSummary> orders) =>
        [.. orders
            .Where(o => o.SellerId == sellerId && o.FulfillmentChannel == FulfillmentChannel.Merchant)
            .GroupBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(g => g.First() with { CountedCancellations = [.. g.SelectMany(o => o.CountedCancellations).Distinct()] })];

    private static bool In(DateTimeOffset at, DateTimeOffset start, DateTimeOffset end) => at > start && at <= end;

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private static DateTimeOffset DayEnd(DateTimeOffset now, DateOnly date)
    {
        var midnight = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return midnight < now ? midnight : now;
    }
}
