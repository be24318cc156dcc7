using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Durable;
using OrderCancellation.Functions.Orders;

namespace OrderCancellation.Functions.Tests.Orders;

/// <summary>What an order step is given in these tests: a seller's feed cancel, and the order as the runtime hands it over.</summary>
internal static class OrderStepInputs
{
    /// <summary>A seller's feed cancel 40 minutes after purchase: the lines given, or the whole order.</summary>
    public static OrderCommand.Cancel SellerCancel(OrderState order, IReadOnlyList<LineQuantity>? lines = null) =>
        new(Actor.Seller(order.SellerId), order.PurchaseDate.AddMinutes(40), "NoInventory", lines, null, CancelSource.Feed);

    /// <summary>The order at version 3 as stored (<paramref name="json"/>), without the object a batch would hand over.</summary>
    public static InstanceSnapshot Snapshot(OrderState order, string json) =>
        new(order.OrderId, OrderWorkflow.WorkflowName, json, 3, InstanceStatus.Running, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
