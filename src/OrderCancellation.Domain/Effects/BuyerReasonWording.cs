using OrderCancellation.Domain.Reasons;

namespace OrderCancellation.Domain.Effects;

/// <summary>
/// Why an order was cancelled, in words a buyer understands, for the notice of a marketplace or Support cancel
/// (§4.6). Every coded reason has its words: Support may give any seller reason as well as the marketplace's.
/// Each is the end of the sentence "Your order … has been canceled because …".
/// </summary>
public static class BuyerReasonWording
{
    public static string Because(CancellationReason reason) => reason switch
    {
        CancellationReason.NoInventory => "the item is out of stock",
        CancellationReason.BuyerCanceled => "you asked us to cancel it",
        CancellationReason.GeneralAdjustment => "we could not complete it as placed",
        CancellationReason.PricingError => "the item was listed at an incorrect price",
        CancellationReason.ShippingAddressUndeliverable => "we cannot deliver to the shipping address you gave",
        CancellationReason.CustomerExchange => "you are exchanging the items",
        CancellationReason.CarrierCreditDecision => "the carrier could not accept the delivery",
        CancellationReason.RiskAssessmentInformationNotValid => "we could not verify the information on your order",
        CancellationReason.CarrierCoverageFailure => "no carrier delivers to your shipping address",
        CancellationReason.CustomerReturn => "you are returning the items",
        CancellationReason.MerchandiseNotReceived => "you told us the items did not arrive",
        CancellationReason.PaymentDeclined => "your payment method was declined",
        CancellationReason.PaymentNotVerified => "we could not verify your payment in time",
        CancellationReason.AutoCanceledNotShipped => "the seller did not ship it in time",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "A reason without words for the buyer."),
    };
}
