using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.DecisionTable;

/// <summary>§4.3 rows 1–2, and the input checks that come with row 2.</summary>
public class Rows01And02EveryoneTests
{
    public static TheoryData<string> Roles => new() { "Buyer", "Seller", "Support", "Marketplace" };

    private static Actor As(string role) => role switch
    {
        "Buyer" => Buyer,
        "Seller" => Seller,
        "Support" => Support,
        _ => Marketplace,
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Anyone_cancelling_a_canceled_order_is_told_it_is_canceled(string role) =>
        Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, SellerCanceled("L1", 2), SellerCanceled("L2", 1))
            .When(Cancel(As(role), AfterWindow, "GeneralAdjustment"))
            .ThenRefused("order-canceled", 409);

    [Theory]
    [MemberData(nameof(Roles))]
    public void Anyone_cancelling_a_shipped_quantity_is_told_to_refuse_or_return_it(string role)
    {
        var spec = Spec.Given(Placed(FulfillmentChannel.Amazon), Paid, Shipped("L1", 2))
            .When(Cancel(As(role), AfterWindow, "GeneralAdjustment", Q("L1", 1)))
            .ThenRefused("order-shipped", 409);
        Assert.Contains("refuse the delivery or return it for a refund", ((Decision.Refused)spec.Decision).Problem.Detail);
    }

    [Fact]
    public void Cancelling_a_fully_shipped_order_is_refused_as_shipped() =>
        Spec.Given(Placed(), Paid, Shipped("L1", 2), Shipped("L2", 1))
            .When(Cancel(Seller, AfterWindow, "NoInventory"))
            .ThenRefused("order-shipped", 409);

    [Fact]
    public void Cancelling_more_than_is_left_after_a_cancellation_is_not_cancelable() =>
        Spec.Given(Placed(), Paid, SellerCanceled("L1", 1))
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L1", 2)))
            .ThenRefused("quantity-not-cancelable", 422);

    [Fact]
    public void Cancelling_more_than_was_ordered_is_not_cancelable() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L2", 2)))
            .ThenRefused("quantity-not-cancelable", 422);

    [Fact]
    public void Cancelling_an_unknown_line_is_not_found() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L9", 1)))
            .ThenRefused("line-not-found", 404);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Cancelling_a_quantity_that_is_not_positive_is_invalid(int quantity) =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L1", quantity)))
            .ThenRefused("invalid-quantity", 422);

    [Fact]
    public void Naming_a_line_twice_is_invalid() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Seller, AfterWindow, "NoInventory", Q("L1", 1), Q("L1", 1)))
            .ThenRefused("invalid-quantity", 422);

    [Fact]
    public void A_cancel_of_an_order_that_does_not_exist_is_not_found() =>
        Spec.Given()
            .When(Cancel(Seller, AfterWindow, "NoInventory"))
            .ThenRefused("order-not-found", 404);

    [Fact]
    public void A_buyer_cancelling_someone_elses_order_learns_nothing_about_it() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Actor.Buyer("B2"), InWindow))
            .ThenRefused("not-your-order", 404);

    [Fact]
    public void A_seller_cancelling_another_sellers_order_gets_not_your_order() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Actor.Seller("S2"), InWindow, "NoInventory"))
            .ThenRefused("not-your-order", 404);
}
