using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Metrics;

/// <summary>§4.7: counted cancellations ÷ Merchant orders purchased in the last 7 days.</summary>
public class CancellationRateTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(3);

    private static OrderSummary Order(bool counted, int daysAgo = 1, string seller = "S1", FulfillmentChannel channel = FulfillmentChannel.Merchant) =>
        new(seller, channel, Now.AddDays(-daysAgo), counted);

    private static CancellationRateReport Rate(params OrderSummary[] orders) =>
        CancellationRate.Compute("S1", orders, Now, CancellationOptions.Default);

    [Fact]
    public void The_rate_is_orders_with_a_counted_cancellation_over_orders()
    {
        var report = Rate([Order(true), .. Enumerable.Range(0, 39).Select(_ => Order(false))]);
        Assert.Equal((40, 1, 0.025m, RateStatus.AtRisk), (report.Orders, report.OrdersWithSellerCancellation, report.Rate, report.Status));
    }

    [Fact]
    public void Just_below_the_threshold_is_good() =>
        Assert.Equal(RateStatus.Good, Rate([Order(true), .. Enumerable.Range(0, 40).Select(_ => Order(false))]).Status);

    [Fact]
    public void Only_merchant_orders_of_this_seller_in_the_last_seven_days_are_counted()
    {
        var report = Rate(Order(false), Order(true, daysAgo: 8), Order(true, seller: "S2"), Order(true, channel: FulfillmentChannel.Amazon));
        Assert.Equal((1, 0, RateStatus.Good), (report.Orders, report.OrdersWithSellerCancellation, report.Status));
        Assert.Equal((Now.AddDays(-7), Now, 0.025m), (report.WindowStart, report.WindowEnd, report.Threshold));
    }

    [Fact]
    public void A_seller_without_orders_has_a_good_rate_of_zero() =>
        Assert.Equal((0, 0m, RateStatus.Good), (Rate().Orders, Rate().Rate, Rate().Status));

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
