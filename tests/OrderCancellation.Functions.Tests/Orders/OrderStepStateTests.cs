using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Durable;
using OrderCancellation.Functions.Orders;
using OrderCancellation.Functions.Tests.Activities.Support;
using static OrderCancellation.Functions.Tests.Orders.OrderStepInputs;

namespace OrderCancellation.Functions.Tests.Orders;

/// <summary>An order step reads the order object an earlier step of its batch left, else the stored JSON, and hands its new order over as an object.</summary>
public sealed class OrderStepStateTests
{
    [Fact]
    public void A_step_after_another_on_the_same_order_in_a_batch_decides_from_that_orders_object_without_parsing()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var current = Snapshot(order, json: "not json: the step must not parse it") with { StateValue = order };

        var result = OrderStep.Decide(SellerCancel(order), current, CancellationPolicy.Default);

        Assert.Null(result.Problem);
        Assert.Equal(OrderStatus.Canceled, ((OrderState)result.Decision.NewStateValue!).OrderStatus);
    }

    [Fact]
    public void A_step_on_an_order_read_from_the_store_parses_its_json_and_its_new_order_renders_to_json_that_reads_back()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());

        var result = OrderStep.Decide(SellerCancel(order), Snapshot(order, OrderJson.State(order)), CancellationPolicy.Default);

        Assert.Null(result.Decision.NewState);
        var after = (OrderState)result.Decision.NewStateValue!;
        Assert.Equal(OrderJson.State(after), result.Decision.StateJson());
        Assert.Equal(OrderStatus.Canceled, OrderJson.State(result.Decision.StateJson())!.OrderStatus);
    }
}
