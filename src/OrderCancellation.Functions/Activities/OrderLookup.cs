using System.Text.Json;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Activities;

/// <summary>Reads the order an activity belongs to: its instance (workflow "Order", id = order id) holds the state as JSON.</summary>
/// <remarks>
/// The runtime is resolved on first use, not injected: the runtime's catalog is built from the activity handlers,
/// so a handler that took <see cref="IDurableRuntime"/> in its constructor would close a dependency cycle.
/// </remarks>
internal sealed class OrderLookup(IServiceProvider services)
{
    private IDurableRuntime Runtime => field ??= services.GetRequiredService<IDurableRuntime>();

    public async Task<OrderState> LoadAsync(string orderId, CancellationToken cancellationToken)
    {
        var instance = await Runtime.GetInstanceAsync(orderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {orderId} has no workflow instance.");
        return JsonSerializer.Deserialize<OrderState>(instance.State, ApiJson.Options)
            ?? throw new InvalidOperationException($"Order {orderId} has no state.");
    }
}
