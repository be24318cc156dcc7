namespace OrderCancellation.Domain.Model;

/// <summary>
/// A standard buyer cancellation request (Merchant order after the self-cancel window): only the
/// seller can cancel now. <paramref name="Lines"/> are the quantities the buyer asked for.
/// </summary>
public sealed record CancellationRequest(
    string RequestId,
    IReadOnlyList<LineQuantity> Lines,
    string? Reason,
    DateTimeOffset RequestedAt,
    RequestStatus Status,
    string? SellerMessage = null)
{
    public bool IsOpen => Status == RequestStatus.Open;
}
