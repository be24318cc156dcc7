using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Api.Orders;

/// <summary>What the final state of an order tells about a command answered 202 that it does not remember.</summary>
internal static class PendingCommands
{
    /// <summary>
    /// True when the orchestration provably never took the command. It takes raised events in the order they were raised,
    /// and remembers the last answers in the order it gave them (<see cref="OrderSnapshot.Commands"/>, oldest first,
    /// carried across generations). So when the command it had answered last before this one was raised
    /// (<see cref="PendingCommandRow.TakenAfter"/>) is still remembered, every command taken after it is too: this one, had
    /// it been taken, would be there. When that marker is gone as well, the command may have been taken and forgotten:
    /// not provable, so false (it must not be judged again against another state).
    /// </summary>
    public static bool NeverTaken(PendingCommandRow pending, OrderSnapshot final) =>
        final.Find(pending.Envelope.CommandId) is null
        && pending.TakenAfter is { } marker
        && final.Find(marker) is not null;
}
