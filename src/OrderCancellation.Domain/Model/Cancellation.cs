namespace OrderCancellation.Domain.Model;

/// <summary>
/// One recorded cancellation. <paramref name="Reason"/> is the reason code's name, or the buyer's
/// free text (possibly null) for a buyer self-cancel.
/// </summary>
/// <param name="CountsAgainstSeller">Whether it is a defect in the seller's Cancellation Rate (§4.3).</param>
/// <param name="Restock">Whether the cancelled quantities go back to inventory (all reasons but NoInventory).</param>
public sealed record Cancellation(
    ActorRole By,
    string? Reason,
    IReadOnlyList<LineQuantity> Lines,
    DateTimeOffset At,
    bool CountsAgainstSeller,
    bool Restock,
    string? Note = null);

/// <summary>An activity the runtime gave up on; kept so operators see it on the order.</summary>
public sealed record ActivityFailure(string Name, string Detail, DateTimeOffset At);
