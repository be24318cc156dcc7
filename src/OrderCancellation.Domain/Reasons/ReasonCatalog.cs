using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Reasons;

/// <summary>Which reasons each caller may give (§4.3), and what a reason implies.</summary>
public static class ReasonCatalog
{
    public const int BuyerReasonMaxLength = 500;

    public static IReadOnlyList<CancellationReason> SellerReasons { get; } =
    [
        CancellationReason.NoInventory, CancellationReason.BuyerCanceled, CancellationReason.GeneralAdjustment,
        CancellationReason.PricingError, CancellationReason.ShippingAddressUndeliverable, CancellationReason.CustomerExchange,
    ];

    public static IReadOnlyList<CancellationReason> FeedOnlyReasons { get; } =
    [
        CancellationReason.CarrierCreditDecision, CancellationReason.RiskAssessmentInformationNotValid,
        CancellationReason.CarrierCoverageFailure, CancellationReason.CustomerReturn, CancellationReason.MerchandiseNotReceived,
    ];

    public static IReadOnlyList<CancellationReason> MarketplaceReasons { get; } =
    [
        CancellationReason.PaymentDeclined, CancellationReason.PaymentNotVerified,
        CancellationReason.RiskAssessmentInformationNotValid, CancellationReason.PricingError,
        CancellationReason.AutoCanceledNotShipped, CancellationReason.GeneralAdjustment,
    ];

    /// <summary>Support cancels FBA orders on the seller's or the marketplace's behalf.</summary>
    public static IReadOnlyList<CancellationReason> SupportReasons { get; } = [.. SellerReasons.Union(MarketplaceReasons)];

    /// <summary>The reasons a coded caller may give; empty for the buyer, whose reason is free text.</summary>
    public static IReadOnlyList<CancellationReason> Allowed(ActorRole role, CancelSource source) => role switch
    {
        ActorRole.Seller when source == CancelSource.Feed => [.. SellerReasons, .. FeedOnlyReasons],
        ActorRole.Seller => SellerReasons,
        ActorRole.Marketplace => MarketplaceReasons,
        ActorRole.Support => SupportReasons,
        _ => [],
    };

    /// <summary>Everything is restocked except what the seller said it does not have.</summary>
    public static bool Restocks(CancellationReason? reason) => reason != CancellationReason.NoInventory;
}
