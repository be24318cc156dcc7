using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Metrics;

/// <summary>§4.7: Merchant orders that received a counted cancellation in the last 7 days ÷ orders placed in them plus those.</summary>
public class CancellationRateTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(3);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static int _ids;

    private static OrderSummary Order(
        bool counted = false, double daysAgo = 1, double? cancelledDaysAgo = null, string seller = "S1", FulfillmentChannel channel = FulfillmentChannel.Merchant, string? id = null) =>
        new(id ?? $"O{Interlocked.Increment(ref _ids)}", seller, channel, Now.AddDays(-daysAgo),
            counted || cancelledDaysAgo is not null ? [Now.AddDays(-(cancelledDaysAgo ?? daysAgo))] : []);

    private static OrderSummary PlacedAt(DateTimeOffset at, params DateTimeOffset[] countedAt) => new($"O{Interlocked.Increment(ref _ids)}", "S1", FulfillmentChannel.Merchant, at, countedAt);

    private static CancellationRateReport Rate(params OrderSummary[] orders) =>
        CancellationRate.Compute("S1", orders, Now, CancellationOptions.Default);

    [Fact]
    public void The_rate_is_orders_with_a_counted_cancellation_over_orders()
    {
        var report = Rate([Order(true), .. Enumerable.Range(0, 39).Select(_ => Order())]);
        Assert.Equal((40, 1, 0.025m, RateStatus.AtRisk), (report.Orders, report.OrdersWithSellerCancellation, report.Rate, report.Status));
    }

    [Fact]
    public void Just_below_the_threshold_is_good() =>
        Assert.Equal(RateStatus.Good, Rate([Order(true), .. Enumerable.Range(0, 40).Select(_ => Order())]).Status);

    [Fact]
    public void Only_merchant_orders_of_this_seller_in_the_last_seven_days_are_counted()
    {
        var report = Rate(Order(), Order(true, daysAgo: 8), Order(true, seller: "S2"), Order(true, channel: FulfillmentChannel.Amazon));
        Assert.Equal((1, 0, RateStatus.Good), (report.Orders, report.OrdersWithSellerCancellation, report.Status));
        Assert.Equal((Now.AddDays(-7), Now, 0.025m), (report.WindowStart, report.WindowEnd, report.Threshold));
    }

    [Fact]
    public void A_seller_without_orders_has_a_good_rate_of_zero() =>
        Assert.Equal((0, 0m, RateStatus.Good), (Rate().Orders, Rate().Rate, Rate().Status));

    [Fact]
    public void An_auto_cancel_counts_in_the_week_it_happens()
    {
        // Placed 10 days ago, latest ship date 3 days later, auto-cancelled 7 days after that: today.
        var report = Rate(Order(daysAgo: 10, cancelledDaysAgo: 0), Order());
        Assert.Equal((2, 1, 0.5m), (report.Orders, report.OrdersWithSellerCancellation, report.Rate));
    }

    [Fact]
    public void An_order_placed_before_the_window_and_cancelled_in_it_counts_in_both_terms()
    {
        var report = Rate(Order(daysAgo: 30, cancelledDaysAgo: 6));
        Assert.Equal((1, 1, 1m, RateStatus.AtRisk), (report.Orders, report.OrdersWithSellerCancellation, report.Rate, report.Status));
    }

    [Fact]
    public void An_order_placed_in_the_window_and_cancelled_before_it_counts_only_in_the_denominator()
    {
        // Not possible for one order in real time, but the terms must not depend on it: the window decides each.
        var report = Rate(Order(daysAgo: 2, cancelledDaysAgo: 9));
        Assert.Equal((1, 0), (report.Orders, report.OrdersWithSellerCancellation));
    }

    [Fact]
    public void A_cancellation_before_the_window_leaves_an_order_placed_before_it_out()
    {
        var report = Rate(Order(daysAgo: 20, cancelledDaysAgo: 8));
        Assert.Equal((0, 0), (report.Orders, report.OrdersWithSellerCancellation));
    }

    [Fact]
    public void The_window_excludes_its_start_and_includes_its_end()
    {
        var start = Now - Week;
        var report = Rate(
            PlacedAt(start),
            PlacedAt(start.AddTicks(1)),
            PlacedAt(Now),
            PlacedAt(Now.AddTicks(1)),
            PlacedAt(start.AddDays(-1), start),
            PlacedAt(start.AddDays(-1), start.AddTicks(1)),
            PlacedAt(start.AddDays(-1), Now));
        Assert.Equal((4, 2), (report.Orders, report.OrdersWithSellerCancellation));
    }

    [Fact]
    public void An_order_cancelled_twice_in_the_window_counts_once()
    {
        var twice = PlacedAt(Now.AddDays(-2), Now.AddDays(-2), Now.AddDays(-1));
        var report = Rate(twice, twice with { CountedCancellations = [Now.AddDays(-1)] });
        Assert.Equal((1, 1), (report.Orders, report.OrdersWithSellerCancellation));
    }

    [Fact]
    public void Without_days_there_is_no_series() => Assert.Null(Rate(Order()).Daily);

    [Fact]
    public void The_daily_series_has_one_point_per_day_oldest_first_and_today_is_the_headline()
    {
        var orders = new[] { Order(daysAgo: 12, cancelledDaysAgo: 1), Order(daysAgo: 2), Order(daysAgo: 9) };
        var report = CancellationRate.Compute("S1", orders, Now, CancellationOptions.Default, days: 5);

        var daily = report.Daily!;
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.Equal(Enumerable.Range(0, 5).Select(n => today.AddDays(n - 4)), daily.Select(p => p.Date));
        Assert.Equal((report.Orders, report.OrdersWithSellerCancellation, report.Rate), (daily[^1].Orders, daily[^1].OrdersWithSellerCancellation, daily[^1].Rate));
    }

    [Fact]
    public void A_past_day_is_the_window_ending_at_the_following_midnight()
    {
        var today = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero);
        var orders = new[]
        {
            PlacedAt(today.AddDays(-1).AddHours(23)),                      // yesterday: in yesterday's and today's windows
            PlacedAt(today.AddDays(-7).AddHours(1)),                       // yesterday's window only (it starts 7 days before today's midnight)
            PlacedAt(today.AddDays(-20), today.AddDays(-1).AddHours(-1)),  // cancelled the day before yesterday: counts in both
            PlacedAt(today.AddDays(-20), today.AddHours(1)),               // cancelled today: today only
        };
        var daily = CancellationRate.Compute("S1", orders, Now, CancellationOptions.Default, days: 2).Daily!;

        Assert.Equal((3, 1), (daily[0].Orders, daily[0].OrdersWithSellerCancellation));
        Assert.Equal((3, 2), (daily[1].Orders, daily[1].OrdersWithSellerCancellation));
    }

    // The oldest day's window ends at the midnight after it.
    [Fact]
    public void The_orders_to_read_start_a_window_before_the_oldest_day_ends()
    {
        var midnight = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero);
        Assert.Equal(Now - Week, CancellationRate.EarliestNeeded(Now, CancellationOptions.Default));
        Assert.Equal(Now - Week, CancellationRate.EarliestNeeded(Now, CancellationOptions.Default, days: 1));
        Assert.Equal(midnight.AddDays(-28) - Week, CancellationRate.EarliestNeeded(Now, CancellationOptions.Default, days: 30));
    }

    [Fact]
    public void BuyerCanceled_with_an_open_request_leaves_the_metric_alone_and_without_one_hurts_it()
    {
        var withRequest = Summarise(Placed(), Paid, RequestOpened());
        var withoutRequest = Summarise(Placed(), Paid);
        Assert.Equal(0, CancellationRate.Compute("S1", [withRequest], Now, CancellationOptions.Default).OrdersWithSellerCancellation);
        Assert.Equal(1, CancellationRate.Compute("S1", [withoutRequest], Now, CancellationOptions.Default).OrdersWithSellerCancellation);

        static OrderSummary Summarise(params Events.OrderEvent[] history)
        {
            var state = OrderDecider.Evolve(null, history);
            var cancel = (Decision.Accepted)OrderDecider.Decide(new OrderCommand.Cancel(Seller, AfterWindow.AddHours(1), "BuyerCanceled"), state);
            return OrderSummary.From(OrderDecider.Evolve(state, cancel.Events)!);
        }
    }
}
