using System.Text.Json;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Serialization;

/// <summary>The runtime stores the state as JSON: it must come back the same.</summary>
public class StateJsonTests
{
    private static OrderState Busy()
    {
        OrderEvent[] history =
        [
            Placed(), Paid, RequestOpened(Q("L1", 1)), Shipped("L2", 1),
            new OrderEvent.CancellationRequestClosed(AfterWindow.AddHours(1), "CR-1", RequestStatus.Approved, null),
            SellerCanceled("L1", 1, "BuyerCanceled"), LabelPurchased,
            new OrderEvent.CancellationAttemptStarted(T0.AddHours(5), [Q("L1", 1)], "late", T0.AddHours(6)),
            new OrderEvent.ActivityFailed(T0.AddHours(5), "Restock", "timeout"),
        ];
        return OrderDecider.Evolve(null, history)!;
    }

    [Fact]
    public void The_state_round_trips_through_system_text_json()
    {
        var state = Busy();
        var json = JsonSerializer.Serialize(state, TestJson.Options);
        var back = JsonSerializer.Deserialize<OrderState>(json, TestJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, TestJson.Options));
        Assert.Equal((state.OrderStatus, state.Line("L1")!.QuantityCancelable), (back.OrderStatus, back.Line("L1")!.QuantityCancelable));
    }

    [Fact]
    public void A_round_tripped_state_decides_exactly_like_the_original()
    {
        var state = Busy();
        var back = JsonSerializer.Deserialize<OrderState>(JsonSerializer.Serialize(state, TestJson.Options), TestJson.Options);
        var command = new OrderCommand.ConfirmShipment(Seller, T0.AddHours(5).AddMinutes(1), [Q("L1", 1)]);
        Assert.Equal(TestJson.Of(OrderDecider.Decide(command, state)), TestJson.Of(OrderDecider.Decide(command, back)));
    }

    [Fact]
    public void The_state_uses_the_contracts_camel_case_names_and_string_enums()
    {
        var json = JsonSerializer.Serialize(Busy(), TestJson.Options);
        Assert.Contains("\"orderStatus\":\"PartiallyShipped\"", json, StringComparison.Ordinal);
        Assert.Contains("\"fulfillmentChannel\":\"Merchant\"", json, StringComparison.Ordinal);
        Assert.Contains("\"quantityCanceled\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"countsAgainstSeller\":", json, StringComparison.Ordinal);
    }
}
