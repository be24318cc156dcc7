using OrderCancellation.Durable;
using OrderCancellation.Functions.Tests.Activities.Support;
using OrderCancellation.Functions.Orders;

namespace OrderCancellation.Functions.Tests.Orders;

/// <summary>A batch reuses the state it wrote only while the order still holds exactly that JSON.</summary>
public sealed class OrderStateCacheTests
{
    [Fact]
    public void A_state_the_batch_wrote_is_reused_while_the_order_holds_its_json()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var json = OrderJson.State(order);
        var cache = new OrderStateCache();
        cache.Remember(order.OrderId, json, order);

        Assert.Same(order, cache.Read(Snapshot(order.OrderId, new string(json.AsSpan()))));
    }

    [Fact]
    public void An_order_changed_since_the_batch_wrote_it_is_parsed_afresh()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var changed = order with { BuyerId = "B-other" };
        var cache = new OrderStateCache();
        cache.Remember(order.OrderId, OrderJson.State(order), order);

        var read = cache.Read(Snapshot(order.OrderId, OrderJson.State(changed)));

        Assert.Equal("B-other", read!.BuyerId);
    }

    [Fact]
    public void An_order_the_batch_never_wrote_is_parsed_and_no_order_is_null()
    {
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var cache = new OrderStateCache();

        Assert.Equal(order.OrderId, cache.Read(Snapshot(order.OrderId, OrderJson.State(order)))!.OrderId);
        Assert.Null(cache.Read(null));
    }

    private static InstanceSnapshot Snapshot(string id, string state) =>
        new(id, OrderWorkflow.WorkflowName, state, 3, InstanceStatus.Running, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
