namespace OrderCancellation.Domain.Policy;

/// <summary>A marketplace's differences from the defaults; unset values inherit them.</summary>
public sealed record CancellationOverrides
{
    public TimeSpan? BuyerSelfCancelWindow { get; init; }
    public TimeSpan? AutoCancelAfterLatestShipDate { get; init; }
    public TimeSpan? PendingPaymentTimeout { get; init; }
    public TimeSpan? CancellationAttemptTimeout { get; init; }
    public TimeSpan? AutoCancelWarningBefore { get; init; }
    public TimeSpan? CancellationRateWindow { get; init; }
    public decimal? CancellationRateThreshold { get; init; }

    public CancellationOptions ApplyTo(CancellationOptions defaults) => new()
    {
        BuyerSelfCancelWindow = BuyerSelfCancelWindow ?? defaults.BuyerSelfCancelWindow,
        AutoCancelAfterLatestShipDate = AutoCancelAfterLatestShipDate ?? defaults.AutoCancelAfterLatestShipDate,
        PendingPaymentTimeout = PendingPaymentTimeout ?? defaults.PendingPaymentTimeout,
        CancellationAttemptTimeout = CancellationAttemptTimeout ?? defaults.CancellationAttemptTimeout,
        AutoCancelWarningBefore = AutoCancelWarningBefore ?? defaults.AutoCancelWarningBefore,
        CancellationRateWindow = CancellationRateWindow ?? defaults.CancellationRateWindow,
        CancellationRateThreshold = CancellationRateThreshold ?? defaults.CancellationRateThreshold,
    };
}
