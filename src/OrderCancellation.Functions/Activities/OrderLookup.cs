using System.Text.Json;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Activities;

/// <summary>Reads the order an activity belongs to: its instance (workflow "Order", id = order id) holds the state as JSON.</summary>
internal sealed class OrderLookup(IDurableRuntime runtime)
{
    public async Task<OrderState> LoadAsync(string orderId, CancellationToken cancellationToken)
    {
        var instance = await runtime.GetInstanceAsync(orderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {orderId} has no workflow instance.");
        return JsonSerializer.Deserialize<OrderState>(instance.State, ApiJson.Options)
            ?? throw new InvalidOperationException($"Order {orderId} has no state.");
    }
}
