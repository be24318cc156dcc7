using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// The <c>Cancellation</c> section (§4): the policy's durations and thresholds, with per-marketplace
/// overrides under <c>Cancellation:Marketplaces:&lt;marketplaceId&gt;:&lt;Option&gt;</c>. Validated at start.
/// </summary>
public sealed class CancellationSettings
{
    public const string SectionName = "Cancellation";

    /// <summary>How long after purchase a buyer may cancel a Merchant order alone. Default 00:30:00.</summary>
    public TimeSpan BuyerSelfCancelWindow { get; set; } = CancellationOptions.Default.BuyerSelfCancelWindow;

    /// <summary>An unshipped Merchant order is cancelled this long after its latest ship date. Default 7.00:00:00.</summary>
    public TimeSpan AutoCancelAfterLatestShipDate { get; set; } = CancellationOptions.Default.AutoCancelAfterLatestShipDate;

    /// <summary>A Pending order is cancelled this long after purchase. Default 21.00:00:00.</summary>
    public TimeSpan PendingPaymentTimeout { get; set; } = CancellationOptions.Default.PendingPaymentTimeout;

    /// <summary>An unanswered cancellation attempt fails after this. Default 01:00:00.</summary>
    public TimeSpan CancellationAttemptTimeout { get; set; } = CancellationOptions.Default.CancellationAttemptTimeout;

    /// <summary>The seller is warned this long before the auto-cancel. Default 1.00:00:00.</summary>
    public TimeSpan AutoCancelWarningBefore { get; set; } = CancellationOptions.Default.AutoCancelWarningBefore;

    /// <summary>The Cancellation Rate looks back this far over purchase dates. Default 7.00:00:00.</summary>
    public TimeSpan CancellationRateWindow { get; set; } = CancellationOptions.Default.CancellationRateWindow;

    /// <summary>At or above this rate the seller is AtRisk. Default 0.025.</summary>
    public decimal CancellationRateThreshold { get; set; } = CancellationOptions.Default.CancellationRateThreshold;

    /// <summary>
    /// Per-marketplace differences, keyed by marketplace id; unset values inherit the defaults above. Both hosts' own
    /// appsettings.json ship Japan's (<c>A1VC38T7YXB528</c>: 5-minute buyer window) and Saudi Arabia's
    /// (<c>A17E79C6D8DWNP</c>: auto-cancel 5 days after the latest ship date); a key set for one marketplace changes no other.
    /// </summary>
    public Dictionary<string, CancellationOverrides> Marketplaces { get; set; } = new(StringComparer.Ordinal);

    public CancellationPolicy ToPolicy() => new()
    {
        Defaults = new CancellationOptions
        {
            BuyerSelfCancelWindow = BuyerSelfCancelWindow,
            AutoCancelAfterLatestShipDate = AutoCancelAfterLatestShipDate,
            PendingPaymentTimeout = PendingPaymentTimeout,
            CancellationAttemptTimeout = CancellationAttemptTimeout,
            AutoCancelWarningBefore = AutoCancelWarningBefore,
            CancellationRateWindow = CancellationRateWindow,
            CancellationRateThreshold = CancellationRateThreshold,
        },
        Marketplaces = new Dictionary<string, CancellationOverrides>(Marketplaces, StringComparer.Ordinal),
    };

    /// <summary>Every problem with the values, as messages naming the key; empty when valid.</summary>
    public IEnumerable<string> Errors()
    {
        foreach (var error in Check(string.Empty, BuyerSelfCancelWindow, AutoCancelAfterLatestShipDate, PendingPaymentTimeout,
            CancellationAttemptTimeout, AutoCancelWarningBefore, CancellationRateWindow, CancellationRateThreshold))
        {
            yield return error;
        }

        foreach (var (id, m) in Marketplaces)
        {
            foreach (var error in Check($"Marketplaces:{id}:", m.BuyerSelfCancelWindow, m.AutoCancelAfterLatestShipDate, m.PendingPaymentTimeout,
                m.CancellationAttemptTimeout, m.AutoCancelWarningBefore, m.CancellationRateWindow, m.CancellationRateThreshold))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<string> Check(
        string prefix, TimeSpan? window, TimeSpan? autoCancel, TimeSpan? pending, TimeSpan? attempt, TimeSpan? warning, TimeSpan? rateWindow, decimal? threshold)
    {
        (string Name, TimeSpan? Value)[] positive =
        [
            (nameof(BuyerSelfCancelWindow), window), (nameof(AutoCancelAfterLatestShipDate), autoCancel), (nameof(PendingPaymentTimeout), pending),
            (nameof(CancellationAttemptTimeout), attempt), (nameof(CancellationRateWindow), rateWindow),
        ];
        foreach (var (name, value) in positive.Where(p => p.Value <= TimeSpan.Zero))
        {
            yield return $"{SectionName}:{prefix}{name} must be positive (it is {value}).";
        }

        if (warning < TimeSpan.Zero)
        {
            yield return $"{SectionName}:{prefix}{nameof(AutoCancelWarningBefore)} must not be negative.";
        }

        if (threshold is <= 0m or > 1m)
        {
            yield return $"{SectionName}:{prefix}{nameof(CancellationRateThreshold)} must be in (0, 1].";
        }
    }
}
