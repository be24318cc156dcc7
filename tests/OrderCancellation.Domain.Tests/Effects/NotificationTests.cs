using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Effects;

/// <summary>§4.6 notices: who hears what, in Amazon's words.</summary>
public class NotificationTests
{
    [Fact]
    public void The_seller_request_notice_names_the_order_the_lines_and_the_buyers_reason() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, AfterWindow, "found it cheaper", Q("L1", 1)))
            .ThenActivity<Activity.SendNotification>(n => n.Recipient == Seller
                && n.Body.Contains(OrderId, StringComparison.Ordinal) && n.Body.Contains("1 × L1", StringComparison.Ordinal)
                && n.Body.Contains("found it cheaper", StringComparison.Ordinal));

    [Fact]
    public void A_failed_attempt_tells_the_buyer_to_refuse_the_delivery_or_return_it() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(new OrderCommand.CancellationAttemptTimeout(InWindow.AddHours(1)))
            .ThenActivity<Activity.SendNotification>(n => n.Body.Contains(Notices.ShippedGuidance, StringComparison.Ordinal));

    [Fact]
    public void A_seller_cancel_tells_the_buyer_and_confirms_it_to_the_seller_only() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory"))
            .ThenNotifies(NotificationKind.OrderCanceled, ActorRole.Buyer)
            .ThenNotifies(NotificationKind.SellerCancellationConfirmation, ActorRole.Seller)
            .ThenNoActivity<Activity.SendNotification>(n => n.Recipient.Role is ActorRole.Marketplace or ActorRole.Support);

    [Fact]
    public void A_repeated_request_sends_no_second_notice()
    {
        var spec = Spec.Given(Placed(), Paid, RequestOpened()).When(Cancel(Buyer, AfterWindow.AddMinutes(3)));
        Assert.Empty(spec.Activities);
    }

    [Fact]
    public void A_cancellation_publishes_an_order_status_change_for_subscribers() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow))
            .ThenActivity<Activity.PublishOrderChange>(c => c.ChangeType == OrderChangeType.OrderStatusChange && c.OrderStatus == OrderStatus.Canceled);

    [Fact]
    public void A_partial_cancel_that_leaves_the_status_alone_publishes_no_status_change() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L1", 1)))
            .ThenNoActivity<Activity.PublishOrderChange>();
}
