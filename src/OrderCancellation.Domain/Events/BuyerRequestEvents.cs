using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Events;

public abstract partial record OrderEvent
{
    /// <summary>A standard buyer request to the seller was opened.</summary>
    public sealed record CancellationRequested(
        DateTimeOffset At,
        string RequestId,
        IReadOnlyList<LineQuantity> Lines,
        string? Reason) : OrderEvent(At);

    /// <summary>The open request was answered: Approved (cancelled), Declined (by the seller or a shipment) or Lapsed.</summary>
    public sealed record CancellationRequestClosed(
        DateTimeOffset At,
        string RequestId,
        RequestStatus Status,
        string? SellerMessage) : OrderEvent(At);

    public sealed record CancellationAttemptStarted(
        DateTimeOffset At,
        IReadOnlyList<LineQuantity> Lines,
        string? Reason,
        DateTimeOffset Deadline) : OrderEvent(At);

    /// <summary>The open attempt Succeeded (a cancel answered it) or Failed (shipment or timeout).</summary>
    public sealed record CancellationAttemptResolved(DateTimeOffset At, AttemptStatus Status) : OrderEvent(At);
}
