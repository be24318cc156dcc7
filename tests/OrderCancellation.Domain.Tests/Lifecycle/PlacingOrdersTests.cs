using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

public class PlacingOrdersTests
{
    [Fact]
    public void A_placed_merchant_order_is_pending_and_schedules_its_four_timers() =>
        Spec.Given()
            .When(Place())
            .ThenState(s => Assert.Equal(OrderStatus.Pending, s.OrderStatus))
            .ThenSchedules(TimerKind.BuyerWindowCloses, WindowEnd)
            .ThenSchedules(TimerKind.AutoCancelWarning, AutoCancelAt.AddDays(-1))
            .ThenSchedules(TimerKind.AutoCancel, AutoCancelAt)
            .ThenSchedules(TimerKind.PendingPaymentTimeout, T0.AddDays(21));

    [Fact]
    public void A_placed_order_shows_its_deadlines() =>
        Spec.Given()
            .When(Place())
            .ThenState(s => Assert.Equal(new OrderDeadlines(WindowEnd, AutoCancelAt.AddDays(-1), AutoCancelAt, T0.AddDays(21)), s.Deadlines));

    [Fact]
    public void An_amazon_fulfilled_order_has_no_window_nor_auto_cancel_and_starts_received_and_pending()
    {
        var spec = Spec.Given().When(Place(FulfillmentChannel.Amazon));
        Assert.Equal([new TimerSchedule(TimerKind.PendingPaymentTimeout, T0.AddDays(21))], spec.Accepted.Effects.TimersToSchedule);
        Assert.Equal(FulfillmentStage.Received, spec.After.FulfillmentStage);
        Assert.Equal(OrderStatus.Pending, spec.After.OrderStatus);
        Assert.Null(spec.After.Deadlines.AutoCancelAt);
    }

    [Fact]
    public void Saudi_orders_auto_cancel_five_days_after_the_latest_ship_date_under_the_sample_config() =>
        Spec.Given()
            .WithPolicy(new() { Marketplaces = new Dictionary<string, CancellationOverrides> { [SA] = new() { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) } } })
            .When(Place(marketplace: SA))
            .ThenSchedules(TimerKind.AutoCancel, LatestShipDate.AddDays(5))
            .ThenSchedules(TimerKind.BuyerWindowCloses, WindowEnd);

    [Fact]
    public void Placing_the_same_order_again_changes_nothing() =>
        Spec.Given(Placed())
            .When(Place() with { Now = T0.AddMinutes(1) })
            .ThenNothingHappens();

    [Fact]
    public void Placing_another_order_under_an_existing_id_is_a_conflict() =>
        Spec.Given(Placed())
            .When(Place() with { BuyerId = "B2" })
            .ThenRefused("order-exists", 409);

    [Fact]
    public void Only_the_marketplace_places_orders() =>
        Spec.Given()
            .When(Place() with { By = Seller })
            .ThenRefused("not-allowed", 403);

    [Fact]
    public void An_order_without_lines_is_invalid() =>
        Spec.Given()
            .When(Place() with { Lines = [] })
            .ThenRefused("invalid-order", 422);

    [Fact]
    public void An_order_in_two_currencies_is_invalid() =>
        Spec.Given()
            .When(Place() with { Lines = [Lines[0], Lines[1] with { UnitPrice = new Money(25m, "EUR") }] })
            .ThenRefused("invalid-order", 422);

    [Fact]
    public void An_order_with_a_line_of_zero_quantity_is_invalid() =>
        Spec.Given()
            .When(Place() with { Lines = [Lines[0] with { Quantity = 0 }] })
            .ThenRefused("invalid-order", 422);

    [Fact]
    public void Placing_an_order_publishes_no_order_change() =>
        Spec.Given()
            .When(Place())
            .ThenNoActivity<Activity.PublishOrderChange>();

    [Fact]
    public void A_placed_order_starts_with_nothing_shipped_or_cancelled() =>
        Spec.Given()
            .When(Place())
            .Then((OrderEvent)Placed())
            .ThenState(s => Assert.All(s.Lines, l => Assert.Equal(l.Quantity, l.QuantityCancelable)));
}
