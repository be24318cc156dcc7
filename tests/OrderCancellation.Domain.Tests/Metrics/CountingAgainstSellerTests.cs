using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Metrics;

/// <summary>§4.3 "Counting against the seller": which cancellations are defects.</summary>
public class CountingAgainstSellerTests
{
    [Theory]
    [InlineData("NoInventory")]
    [InlineData("GeneralAdjustment")]
    [InlineData("PricingError")]
    [InlineData("ShippingAddressUndeliverable")]
    [InlineData("CustomerExchange")]
    [InlineData("BuyerCanceled")]
    public void A_seller_cancel_of_a_merchant_order_counts_without_an_open_request(string reason) =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, reason))
            .ThenState(s => Assert.True(s.Cancellations.Single().CountsAgainstSeller));

    [Theory]
    [InlineData("PaymentDeclined")]
    [InlineData("PaymentNotVerified")]
    [InlineData("RiskAssessmentInformationNotValid")]
    [InlineData("PricingError")]
    [InlineData("GeneralAdjustment")]
    public void A_marketplace_cancel_for_payment_fraud_or_pricing_does_not_count(string reason) =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Marketplace, AfterWindow, reason))
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void A_marketplace_auto_cancel_of_a_merchant_order_counts() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Marketplace, AutoCancelAt, "AutoCanceledNotShipped"))
            .ThenState(s => Assert.True(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void A_buyer_self_cancel_does_not_count() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, InWindow))
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));

    [Fact]
    public void BuyerCanceled_answering_an_open_attempt_does_not_count() =>
        Spec.Given(Placed(), Paid, LabelPurchased, AttemptOpened())
            .When(Cancel(Seller, InWindow.AddMinutes(5), "BuyerCanceled"))
            .ThenState(s => Assert.False(s.Cancellations.Single().CountsAgainstSeller));
}
