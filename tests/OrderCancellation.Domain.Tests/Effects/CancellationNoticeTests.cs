using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Effects;

/// <summary>
/// Issue 19's notice rules (§4.6): the buyer hears why Amazon cancelled, in their own words; the seller gets a
/// confirmation, under a fixed subject, of every cancellation they make.
/// </summary>
public class CancellationNoticeTests
{
    private static Activity.SendNotification BuyerNotice(Spec spec) =>
        spec.Activities.OfType<Activity.SendNotification>().Single(n => n.Recipient == Buyer);

    [Theory]
    [InlineData("PricingError", "because the item was listed at an incorrect price")]
    [InlineData("RiskAssessmentInformationNotValid", "because we could not verify the information on your order")]
    [InlineData("GeneralAdjustment", "because we could not complete it as placed")]
    public void The_buyer_is_told_why_the_marketplace_canceled_in_words_a_buyer_understands(string reason, string words)
    {
        var spec = Spec.Given(Placed(), Paid).When(Cancel(Marketplace, AfterWindow, reason));

        var notice = BuyerNotice(spec);
        Assert.Equal(NotificationKind.OrderCanceled, notice.Kind);
        Assert.Equal(Notices.OrderCanceledSubject, notice.Subject);
        Assert.Contains($"{OrderId} has been canceled (2 × L1, 1 × L2) {words}.", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(reason, notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_buyer_is_told_why_support_canceled_an_fba_order() =>
        Assert.Contains(
            "because the item is out of stock",
            BuyerNotice(Spec.Given(Placed(FulfillmentChannel.Amazon), Paid).When(Cancel(Support, AfterWindow, "NoInventory"))).Body,
            StringComparison.Ordinal);

    [Fact]
    public void A_declined_payment_tells_the_buyer_their_payment_method_was_declined() =>
        Assert.Contains(
            "because your payment method was declined",
            BuyerNotice(Spec.Given(Placed()).When(new OrderCommand.Payment(Marketplace, AfterWindow, PaymentStatus.Declined))).Body,
            StringComparison.Ordinal);

    [Fact]
    public void A_pending_order_canceled_after_21_days_tells_the_buyer_the_payment_was_not_verified() =>
        Assert.Contains(
            "because we could not verify your payment in time",
            BuyerNotice(Spec.Given(Placed()).When(new OrderCommand.PendingPaymentTimeout(T0.AddDays(21)))).Body,
            StringComparison.Ordinal);

    [Fact]
    public void A_seller_cancel_does_not_tell_the_buyer_the_sellers_reason() =>
        Assert.DoesNotContain(
            "because",
            BuyerNotice(Spec.Given(Placed(), Paid).When(Cancel(Seller, AfterWindow, "PricingError"))).Body,
            StringComparison.Ordinal);

    [Fact]
    public void A_buyers_own_cancel_is_not_explained_back_to_them() =>
        Assert.DoesNotContain("because", BuyerNotice(Spec.Given(Placed(), Paid).When(Cancel(Buyer, InWindow, "changed my mind"))).Body, StringComparison.Ordinal);

    [Fact]
    public void Every_reason_has_words_for_the_buyer() =>
        Assert.All(Enum.GetValues<CancellationReason>(), r => Assert.False(string.IsNullOrWhiteSpace(BuyerReasonWording.Because(r))));

    [Fact]
    public void The_seller_gets_a_confirmation_with_a_fixed_subject_the_reason_and_whether_it_counts()
    {
        var spec = Spec.Given(Placed(), Paid).When(Cancel(Seller, AfterWindow, "NoInventory", Q("L1", 1)));

        var confirmation = spec.Activities.OfType<Activity.SendNotification>().Single(n => n.Recipient == Seller);
        Assert.Equal(NotificationKind.SellerCancellationConfirmation, confirmation.Kind);
        Assert.Equal("Your cancellation was processed", confirmation.Subject);
        Assert.Equal(Notices.SellerConfirmationSubject, confirmation.Subject);
        Assert.Equal(
            $"You canceled order {OrderId} (1 × L1). Reason: NoInventory. We have e-mailed the buyer. This cancellation counts toward your Cancellation Rate.",
            confirmation.Body);
    }

    [Fact]
    public void The_confirmation_of_a_cancel_that_answers_a_buyers_request_says_it_does_not_count() =>
        Spec.Given(Placed(), Paid, RequestOpened())
            .When(Cancel(Seller, AfterWindow.AddHours(1), "BuyerCanceled"))
            .ThenActivity<Activity.SendNotification>(n => n.Recipient == Seller && n.Subject == Notices.SellerConfirmationSubject
                && n.Body.EndsWith("does not count toward your Cancellation Rate.", StringComparison.Ordinal));

    [Fact]
    public void A_seller_cancel_that_makes_an_attempt_succeed_is_confirmed_to_the_seller_too() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(Cancel(Seller, InWindow.AddMinutes(5), "BuyerCanceled"))
            .ThenNotifies(NotificationKind.CancellationSucceeded, ActorRole.Buyer)
            .ThenNotifies(NotificationKind.SellerCancellationConfirmation, ActorRole.Seller, Notices.SellerConfirmationSubject);

    [Fact]
    public void Cancels_by_anyone_but_the_seller_send_the_seller_no_confirmation()
    {
        foreach (var spec in new[]
        {
            Spec.Given(Placed(), Paid).When(Cancel(Buyer, InWindow)),
            Spec.Given(Placed(), Paid).When(Cancel(Marketplace, AfterWindow, "PricingError")),
            Spec.Given(Placed(), Paid).When(new OrderCommand.AutoCancel(AutoCancelAt)),
        })
        {
            spec.ThenNoActivity<Activity.SendNotification>(n => n.Kind == NotificationKind.SellerCancellationConfirmation);
        }
    }
}
