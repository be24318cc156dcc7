using System.Text.Json;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Orders;
using OrderCancellation.Service.Tests.Activities.Support;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>The stored order state keeps what the order is, not what is derived from it, and reads back whole.</summary>
public sealed class OrderStateJsonTests
{
    [Fact]
    public void A_stored_state_leaves_out_derived_fields_and_reads_back_to_the_same_order()
    {
        var (order, _) = OrderScenario.SellerCancels(OrderScenario.PaidOrder(OrderScenario.NewOrderId()));

        var json = OrderJson.State(order);
        var read = OrderJson.State(json)!;

        using var stored = JsonDocument.Parse(json);
        var root = stored.RootElement;
        Assert.All(new[] { "orderStatus", "isOpen", "buyerCancelWindowEndsAt", "autoCancelAt" }, name => Assert.False(root.TryGetProperty(name, out _), name));
        Assert.All(root.GetProperty("lines").EnumerateArray(), line => Assert.False(line.TryGetProperty("quantityCancelable", out _)));
        Assert.True(root.GetProperty("deadlines").TryGetProperty("autoCancelAt", out _)); // the deadlines themselves stay

        Assert.Equal(json, OrderJson.State(read));
        Assert.Equal((order.OrderStatus, order.IsOpen), (read.OrderStatus, read.IsOpen));
        Assert.Equal(order.Lines.Select(l => l.QuantityCancelable), read.Lines.Select(l => l.QuantityCancelable));
    }

    [Fact]
    public void A_state_stored_with_its_derived_fields_still_reads()
    {
        var (order, _) = OrderScenario.SellerCancels(OrderScenario.PaidOrder(OrderScenario.NewOrderId()));
        var older = JsonSerializer.Serialize(order, ApiJson.Options);

        var read = OrderJson.State(older)!;

        Assert.Contains("\"orderStatus\"", older, StringComparison.Ordinal);
        Assert.Equal(OrderJson.State(order), OrderJson.State(read));
        Assert.Equal(OrderStatus.Canceled, read.OrderStatus);
    }
}
