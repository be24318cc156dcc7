using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Commands;

/// <summary>
/// What someone asks of an order. Closed hierarchy: the cases are nested records in the partial
/// files of this folder. Every command carries the acting <see cref="By"/> and its own <see cref="Now"/>:
/// the domain never reads a clock.
/// </summary>
public abstract partial record OrderCommand
{
    private OrderCommand(Actor by, DateTimeOffset now)
    {
        By = by;
        Now = now;
    }

    public Actor By { get; init; }

    public DateTimeOffset Now { get; init; }
}
