using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Reasons;

/// <summary>§4.3 "Reasons": who may say what, and through which door.</summary>
public class ReasonTests
{
    private static Spec SellerCancel(string? reason, CancelSource source) =>
        Spec.Given(Placed(), Paid).When(new OrderCommand.Cancel(Seller, AfterWindow, reason, Source: source));

    [Theory]
    [InlineData("CarrierCreditDecision")]
    [InlineData("RiskAssessmentInformationNotValid")]
    [InlineData("CarrierCoverageFailure")]
    [InlineData("CustomerReturn")]
    [InlineData("MerchandiseNotReceived")]
    public void Feed_only_reasons_are_accepted_from_feeds(string reason) =>
        SellerCancel(reason, CancelSource.Feed).ThenOutcome(Outcome.Canceled);

    [Theory]
    [InlineData("CarrierCreditDecision")]
    [InlineData("MerchandiseNotReceived")]
    public void Feed_only_reasons_are_refused_from_the_api(string reason) =>
        SellerCancel(reason, CancelSource.Api).ThenRefused("invalid-reason", 422);

    [Theory]
    [InlineData("OutOfStock")]
    [InlineData("PaymentDeclined")]
    [InlineData("AutoCanceledNotShipped")]
    [InlineData("")]
    [InlineData(null)]
    public void Sellers_must_give_a_reason_from_their_list(string? reason) =>
        SellerCancel(reason, CancelSource.Api).ThenRefused("invalid-reason", 422);

    [Fact]
    public void The_payment_adjustment_feeds_CustomerCancel_means_BuyerCanceled() =>
        SellerCancel("CustomerCancel", CancelSource.Feed)
            .ThenState(s => Assert.Equal("BuyerCanceled", s.Cancellations.Single().Reason));

    [Fact]
    public void Reason_codes_are_matched_without_regard_to_case() =>
        SellerCancel("noinventory", CancelSource.Api)
            .ThenState(s => Assert.Equal("NoInventory", s.Cancellations.Single().Reason));

    [Fact]
    public void The_marketplace_may_not_give_a_seller_only_reason() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Marketplace, AfterWindow, "NoInventory"))
            .ThenRefused("invalid-reason", 422);

    [Fact]
    public void Reason_lists_are_as_the_design_says()
    {
        Assert.Equal(6, ReasonCatalog.SellerReasons.Count);
        Assert.Equal(5, ReasonCatalog.FeedOnlyReasons.Count);
        Assert.Equal(6, ReasonCatalog.MarketplaceReasons.Count);
    }
}
