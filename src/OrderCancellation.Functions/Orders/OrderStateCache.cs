using OrderCancellation.Domain.Model;
using OrderCancellation.Durable;

namespace OrderCancellation.Functions.Orders;

/// <summary>
/// The parsed states of one batch of steps (<see cref="OrderCommands.ExecuteAllAsync"/>): a feed's records of one
/// order run one after another, and each would otherwise parse the JSON the previous one just wrote. A state is
/// reused only when the instance holds exactly the JSON it was written as (compared in full), so a batch that is
/// rolled back and run again, or an order changed by someone else in between, is parsed afresh. Not thread-safe:
/// one batch runs its steps in order.
/// </summary>
internal sealed class OrderStateCache
{
    private readonly Dictionary<string, (string Json, OrderState State)> _written = new(StringComparer.Ordinal);

    public OrderState? Read(InstanceSnapshot? current)
    {
        if (current is null)
        {
            return null;
        }

        return _written.TryGetValue(current.InstanceId, out var known) && string.Equals(known.Json, current.State, StringComparison.Ordinal)
            ? known.State
            : OrderJson.State(current.State);
    }

    public void Remember(string orderId, string json, OrderState state) => _written[orderId] = (json, state);
}
