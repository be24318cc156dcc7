using OrderCancellation.Domain.Effects;

namespace OrderCancellation.Api.Email;

/// <summary>Whom an e-mail speaks to: its greeting and footer.</summary>
public enum EmailAudience { Buyer, Seller, FulfillmentNetwork }

/// <summary>The layout of one notice kind's e-mail: its heading and the words of its order link.</summary>
public sealed record NoticeTemplate(string Heading, string LinkText);

/// <summary>
/// One template per <see cref="NotificationKind"/>, in Amazon's wording. The notice's subject and body (already in
/// Amazon's words, §4.6) go in unchanged; the template lays them out with a greeting, the order's id or link and a footer
/// (<see cref="NoticeEmail"/>).
/// </summary>
public static class NoticeTemplates
{
    public static NoticeTemplate For(NotificationKind kind) => kind switch
    {
        NotificationKind.OrderCanceled => new("Your order has been canceled", "View your orders"),
        NotificationKind.CancellationRequestReceived => new("A buyer asked to cancel an order", "Manage this order"),
        NotificationKind.CancellationAttemptStarted => new("Cancel this order if it has not shipped", "Manage this order"),
        NotificationKind.CancellationSucceeded => new("We were successful in canceling your order", "View your orders"),
        NotificationKind.CancellationFailed => new("We were unable to cancel your order", "View your orders"),
        NotificationKind.CancellationRequestDeclined => new("Your cancellation request was declined", "View your orders"),
        NotificationKind.AutoCancelWarning => new("Confirm shipment to avoid a cancellation", "Confirm shipment"),
        NotificationKind.AutoCanceled => new("An order was canceled automatically", "View the order"),
        NotificationKind.SellerCancellationConfirmation => new("Cancellation confirmation", "View the order"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A notice kind without an e-mail template."),
    };

    public static string Greeting(EmailAudience audience) => audience switch
    {
        EmailAudience.Buyer => "Hello,",
        EmailAudience.Seller => "Dear Seller,",
        _ => "Hello,",
    };

    public static IReadOnlyList<string> Footer(EmailAudience audience) => audience switch
    {
        EmailAudience.Buyer => ["We hope to see you again soon.", "Amazon.com"],
        EmailAudience.Seller => ["Thank you for selling on Amazon.", "Amazon Services"],
        _ => ["Amazon Fulfillment"],
    };
}
