using System.Globalization;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using Kind = OrderCancellation.Domain.Effects.NotificationKind;
using Notice = OrderCancellation.Domain.Effects.Activity.SendNotification;

namespace OrderCancellation.Domain.Effects;

/// <summary>The notices of §4.6, in Amazon's wording.</summary>
public static class Notices
{
    public const string OrderCanceledSubject = "Order Canceled";
    public const string SucceededSubject = "We were SUCCESSFUL in canceling your order";
    public const string FailedSubject = "Sorry we were UNABLE to successfully cancel your order";
    public const string SellerRequestSubject = "Order cancellation request from Amazon customer";
    /// <summary>The fixed subject of the seller's confirmation of their own cancellation (Seller Central sends one).</summary>
    public const string SellerConfirmationSubject = "Your cancellation was processed";
    public const string ShippedGuidance = "refuse the delivery or return it for a refund";

    /// <summary>Who answers an attempt on an Amazon-fulfilled order.</summary>
    public static Actor FulfillmentNetwork { get; } = Actor.Marketplace("fulfillment-network");

    /// <summary>
    /// The buyer's notice of a cancel. <paramref name="why"/> (a marketplace or Support cancel's reason) says why in the
    /// buyer's words (<see cref="BuyerReasonWording"/>); the seller's and the buyer's own cancels go without it.
    /// </summary>
    public static Notice OrderCanceled(OrderState o, IReadOnlyList<LineQuantity> lines, CancellationReason? why = null) => new(Kind.OrderCanceled,
        Actor.Buyer(o.BuyerId), OrderCanceledSubject,
        $"Your order {o.OrderId} has been canceled ({Describe(lines)}){(why is { } reason ? $" because {BuyerReasonWording.Because(reason)}" : "")}. " +
        "You will not be charged for the canceled items.");

    /// <summary>The seller's confirmation of a cancellation they made (API or feed), with its reason and whether it counts.</summary>
    public static Notice SellerCancellationConfirmation(OrderState o, IReadOnlyList<LineQuantity> lines, string? reason, bool countsAgainstSeller) => new(
        Kind.SellerCancellationConfirmation, Actor.Seller(o.SellerId), SellerConfirmationSubject,
        $"You canceled order {o.OrderId} ({Describe(lines)}). Reason: {reason ?? "none given"}. We have e-mailed the buyer. " +
        (countsAgainstSeller ? "This cancellation counts toward your Cancellation Rate." : "This cancellation does not count toward your Cancellation Rate."));

    public static Notice RequestToSeller(OrderState o, IReadOnlyList<LineQuantity> lines, string? reason) => new(Kind.CancellationRequestReceived,
        Actor.Seller(o.SellerId), SellerRequestSubject,
        $"The buyer asked to cancel order {o.OrderId} ({Describe(lines)}). Reason: {reason ?? "none given"}. " +
        "Cancel it with reason BuyerCanceled, or ship it to decline the request.");

    public static Notice AttemptStarted(OrderState o, IReadOnlyList<LineQuantity> lines, DateTimeOffset deadline) => new(Kind.CancellationAttemptStarted,
        o.FulfillmentChannel == FulfillmentChannel.Merchant ? Actor.Seller(o.SellerId) : FulfillmentNetwork, SellerRequestSubject,
        $"The buyer asked to cancel order {o.OrderId} ({Describe(lines)}), which is in the shipping process. " +
        $"Cancel it before {Format(deadline)} if it has not left yet.");

    public static Notice AttemptSucceeded(OrderState o) => new(Kind.CancellationSucceeded, Actor.Buyer(o.BuyerId),
        SucceededSubject, $"Your order {o.OrderId} has been canceled. You will not be charged for the canceled items.");

    public static Notice CouldNotCancel(OrderState o) => new(Kind.CancellationFailed, Actor.Buyer(o.BuyerId),
        FailedSubject, $"Your order {o.OrderId} had already entered the shipping process. You can {ShippedGuidance}.");

    public static Notice RequestDeclined(OrderState o, string message) => new(Kind.CancellationRequestDeclined, Actor.Buyer(o.BuyerId),
        "Your cancellation request was declined", $"The seller declined your request to cancel order {o.OrderId}: {message}");

    public static Notice AutoCancelWarning(OrderState o, DateTimeOffset autoCancelAt) => new(Kind.AutoCancelWarning, Actor.Seller(o.SellerId),
        $"Ship order {o.OrderId} by {Format(autoCancelAt)} or it will be canceled",
        $"Order {o.OrderId} is past its latest ship date. Unless you confirm shipment by {Format(autoCancelAt)} it is canceled automatically, and the cancellation counts toward your Cancellation Rate.");

    public static Notice AutoCanceledToSeller(OrderState o) => new(Kind.AutoCanceled, Actor.Seller(o.SellerId),
        $"Order {o.OrderId} was canceled automatically",
        $"Order {o.OrderId} was not shipped in time and was canceled. The cancellation counts toward your Cancellation Rate.");

    public static Notice AutoCanceledToBuyer(OrderState o) => new(Kind.AutoCanceled, Actor.Buyer(o.BuyerId), OrderCanceledSubject,
        $"The seller did not ship your order {o.OrderId} in time, so we canceled it. You will not be charged for the canceled items.");

    private static string Describe(IReadOnlyList<LineQuantity> lines) =>
        string.Join(", ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} × {l.LineId}")));

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
