namespace OrderCancellation.Domain.Reasons;

/// <summary>Every coded reason the service knows (buyer reasons are free text instead).</summary>
public enum CancellationReason
{
    // Seller Central list (API and feeds).
    NoInventory,
    BuyerCanceled,
    GeneralAdjustment,
    PricingError,
    ShippingAddressUndeliverable,
    CustomerExchange,

    // OrderAcknowledgement XSD only: accepted from feeds.
    CarrierCreditDecision,
    RiskAssessmentInformationNotValid,
    CarrierCoverageFailure,
    CustomerReturn,
    MerchandiseNotReceived,

    // Marketplace only.
    PaymentDeclined,
    PaymentNotVerified,
    AutoCanceledNotShipped,
}

/// <summary>Where a cancel comes from: feeds may use the XSD's extra reasons, the API may not.</summary>
public enum CancelSource { Api, Feed }
