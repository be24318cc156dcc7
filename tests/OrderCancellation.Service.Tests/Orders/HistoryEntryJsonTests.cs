using System.Text.Json;
using System.Text.Json.Nodes;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Orders;
using OrderCancellation.Service.Tests.Activities.Support;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>A history row's data is the event's own fields without its type, then the actor, in the API's JSON conventions.</summary>
public sealed class HistoryEntryJsonTests
{
    public static TheoryData<OrderEvent> Events()
    {
        var at = OrderScenario.T0;
        var order = OrderScenario.PaidOrder("111-0000001-0000001");
        return
        [
            new OrderEvent.OrderPlaced(at, order.OrderId, order.MarketplaceId, order.BuyerId, order.SellerId, order.FulfillmentChannel, order.PurchaseDate, order.LatestShipDate, [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD"))], order.Deadlines),
            new OrderEvent.PaymentVerified(at),
            new OrderEvent.LinesCanceled(at, Actor.Seller("S1"), "NoInventory", [new LineQuantity("L1", 1)], true, false, "Feed f, record 1 <+&>"),
            new OrderEvent.LinesCanceled(at, Actor.Buyer("B1"), null, [], false, true, null),
            new OrderEvent.ShipmentConfirmed(at.AddHours(1), [new LineQuantity("L1", 2)], "UPS", "1Z+é"),
        ];
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_history_entry_is_the_event_without_its_type_then_the_actor(OrderEvent @event)
    {
        var actor = Actor.Seller("S-1");

        var entry = OrderJson.HistoryEntry(@event, actor);

        // The same object built as a JSON tree, property by property (same values and order; escaping may differ).
        var expected = JsonSerializer.SerializeToNode(@event, @event.GetType(), ApiJson.Options)!.AsObject();
        expected.Remove("eventType");
        expected["actor"] = JsonSerializer.SerializeToNode(actor, ApiJson.Options);
        var written = JsonNode.Parse(entry)!.AsObject();
        Assert.True(JsonNode.DeepEquals(expected, written), entry);
        Assert.Equal(expected.Select(p => p.Key), written.Select(p => p.Key));
    }
}
