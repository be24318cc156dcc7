using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Effects;

/// <summary>§4.6: the buyer pays only for what ships; cancelled stock goes back unless there is none.</summary>
public class MoneyAndStockTests
{
    private static readonly DateTimeOffset Later = T0.AddDays(1);

    private static Money Usd(decimal amount) => new(amount, "USD");

    [Fact]
    public void A_full_cancel_before_any_shipment_releases_the_whole_authorization_at_once() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, Later, "GeneralAdjustment"))
            .ThenActivity<Activity.ReleaseAuthorization>(r => r.Amount == Usd(45.00m))
            .ThenNoActivity<Activity.CapturePayment>();

    [Fact]
    public void A_partial_cancel_releases_nothing_yet() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, Later, "GeneralAdjustment", Q("L1", 1)))
            .ThenNoActivity<Activity.ReleaseAuthorization>();

    [Fact]
    public void Each_shipment_captures_the_shipped_amount() =>
        Spec.Given(Placed(), Paid)
            .When(new OrderCommand.ConfirmShipment(Seller, Later, [Q("L1", 2)]))
            .ThenActivity<Activity.CapturePayment>(c => c.Amount == Usd(20.00m))
            .ThenNoActivity<Activity.ReleaseAuthorization>();

    [Fact]
    public void A_partial_cancel_is_released_when_the_last_remaining_line_ships() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 1), Shipped("L1", 1))
            .When(new OrderCommand.ConfirmShipment(Seller, Later, [Q("L2", 1)]))
            .ThenActivity<Activity.CapturePayment>(c => c.Amount == Usd(25.00m))
            .ThenActivity<Activity.ReleaseAuthorization>(r => r.Amount == Usd(10.00m));

    [Fact]
    public void A_partial_cancel_is_released_when_the_last_remaining_line_is_cancelled() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 1), Shipped("L1", 1))
            .When(Cancel(Seller, Later, "GeneralAdjustment", Q("L2", 1)))
            .ThenActivity<Activity.ReleaseAuthorization>(r => r.Amount == Usd(35.00m));

    [Fact]
    public void Partial_then_full_cancel_releases_the_whole_amount_once_at_the_end()
    {
        var spec = Spec.Given(Placed(), Paid, SellerCanceled("L1", 1))
            .When(Cancel(Seller, Later, "GeneralAdjustment"))
            .ThenOutcome(Decisions.Outcome.Canceled);
        Assert.Equal([new Activity.ReleaseAuthorization(Usd(45.00m))], spec.Activities.OfType<Activity.ReleaseAuthorization>());
    }

    [Fact]
    public void Cancelling_the_last_cancelable_quantity_cancels_the_order() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 2))
            .When(Cancel(Seller, Later, "GeneralAdjustment", Q("L2", 1)))
            .ThenOutcome(Decisions.Outcome.Canceled)
            .ThenState(s => Assert.Equal(OrderStatus.Canceled, s.OrderStatus))
            .ThenActivity<Activity.PublishOrderChange>(c => c.OrderStatus == OrderStatus.Canceled && c.ChangeReason == "LinesCanceled");

    [Fact]
    public void Cancelled_quantities_are_restocked_per_line() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, Later, "PricingError"))
            .ThenActivity<Activity.Restock>(r => r == new Activity.Restock("SKU-1", 2))
            .ThenActivity<Activity.Restock>(r => r == new Activity.Restock("SKU-2", 1));

    [Fact]
    public void NoInventory_cancels_are_not_restocked() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, Later, "NoInventory"))
            .ThenNoActivity<Activity.Restock>()
            .ThenState(s => Assert.False(s.Cancellations.Single().Restock));

    [Fact]
    public void Buyer_self_cancels_are_restocked() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow, null, Q("L2", 1)))
            .ThenActivity<Activity.Restock>(r => r == new Activity.Restock("SKU-2", 1));

    [Fact]
    public void Opening_a_request_moves_no_money_and_no_stock()
    {
        var spec = Spec.Given(Placed(), Paid).When(Cancel(Buyer, AfterWindow));
        Assert.DoesNotContain(spec.Activities, a => a is Activity.ReleaseAuthorization or Activity.CapturePayment or Activity.Restock);
    }
}
