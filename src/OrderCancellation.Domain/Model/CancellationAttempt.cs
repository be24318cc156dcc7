namespace OrderCancellation.Domain.Model;

/// <summary>
/// A buyer cancel that met an order already in the shipping process: cancellation can only be
/// attempted; the seller or fulfillment network answers before <paramref name="Deadline"/> or it fails.
/// </summary>
public sealed record CancellationAttempt(
    IReadOnlyList<LineQuantity> Lines,
    string? Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    AttemptStatus Status)
{
    public bool IsOpen => Status == AttemptStatus.Open;
}
