using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Functions.Orders;
using OrderCancellation.Functions.Tests.Activities.Support;
using static OrderCancellation.Functions.Tests.Orders.OrderStepInputs;

namespace OrderCancellation.Functions.Tests.Orders;

/// <summary>A step hands the runtime an order's tags only when they change (the runtime then rewrites the changed pairs).</summary>
public sealed class OrderStepTagsTests
{
    [Fact]
    public void A_step_that_leaves_an_orders_tags_as_they_were_hands_over_no_tags()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());

        var result = OrderStep.Decide(SellerCancel(order, [new LineQuantity("L1", 1)]), Snapshot(order, OrderJson.State(order)) with { StateValue = order }, CancellationPolicy.Default);

        Assert.Equal(OrderStatus.Unshipped, ((OrderState)result.Decision.NewStateValue!).OrderStatus);
        Assert.Null(result.Decision.Tags);
    }

    [Fact]
    public void A_step_that_changes_an_orders_status_hands_over_all_its_tags_as_the_new_order_has_them()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());

        var result = OrderStep.Decide(SellerCancel(order, null), Snapshot(order, OrderJson.State(order)) with { StateValue = order }, CancellationPolicy.Default);

        var after = (OrderState)result.Decision.NewStateValue!;
        Assert.Equal(OrderTags.For(after), result.Decision.Tags);
        Assert.Equal(("Canceled", "S1/Canceled"), (result.Decision.Tags![OrderTags.OrderStatus], result.Decision.Tags[OrderTags.SellerOrderStatus]));
    }

    [Fact]
    public void Two_states_of_an_order_have_the_same_tags_exactly_when_their_tag_sets_are_equal()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var partly = (OrderState)OrderStep.Decide(SellerCancel(order, [new LineQuantity("L1", 1)]), Snapshot(order, OrderJson.State(order)) with { StateValue = order }, CancellationPolicy.Default).Decision.NewStateValue!;
        var canceled = (OrderState)OrderStep.Decide(SellerCancel(order, null), Snapshot(order, OrderJson.State(order)) with { StateValue = order }, CancellationPolicy.Default).Decision.NewStateValue!;

        foreach (var (a, b) in new[] { (order, partly), (order, canceled), (partly, canceled), (canceled, canceled) })
        {
            var equalSets = OrderTags.For(a).Count == OrderTags.For(b).Count && OrderTags.For(a).All(p => OrderTags.For(b).TryGetValue(p.Key, out var v) && v == p.Value);
            Assert.Equal(equalSets, OrderTags.Same(a, b));
        }
    }
}
