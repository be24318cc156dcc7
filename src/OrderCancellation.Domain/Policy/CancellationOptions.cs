namespace OrderCancellation.Domain.Policy;

/// <summary>The durations and thresholds of the cancellation policy (§4), as one marketplace sees them.</summary>
public sealed record CancellationOptions
{
    /// <summary>How long after purchase a buyer may cancel a Merchant order alone. Default 00:30:00 (JP: 00:05:00).</summary>
    public TimeSpan BuyerSelfCancelWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>An unshipped Merchant order is cancelled this long after its latest ship date. Default 7.00:00:00 (SA: 5 days).</summary>
    public TimeSpan AutoCancelAfterLatestShipDate { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A Pending order is cancelled this long after purchase. Default 21.00:00:00.</summary>
    public TimeSpan PendingPaymentTimeout { get; init; } = TimeSpan.FromDays(21);

    /// <summary>An unanswered cancellation attempt fails after this. Default 01:00:00.</summary>
    public TimeSpan CancellationAttemptTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The seller is warned this long before the auto-cancel. Default 1.00:00:00.</summary>
    public TimeSpan AutoCancelWarningBefore { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The Cancellation Rate looks back this far over purchase dates. Default 7.00:00:00.</summary>
    public TimeSpan CancellationRateWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>At or above this rate the seller is AtRisk. Default 0.025 (2.5 %).</summary>
    public decimal CancellationRateThreshold { get; init; } = 0.025m;

    public static CancellationOptions Default { get; } = new();
}
