using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Effects;

/// <summary>
/// A side effect to run from the outbox (§4.6), at least once. Closed hierarchy; serialize a case
/// with its runtime type and use <see cref="Name"/> as the activity name.
/// </summary>
public abstract record Activity
{
    private Activity() { }

    public string Name => GetType().Name;

    /// <summary>Release the uncaptured authorization for cancelled amounts.</summary>
    public sealed record ReleaseAuthorization(Money Amount) : Activity;

    /// <summary>Charge the buyer for what just shipped.</summary>
    public sealed record CapturePayment(Money Amount) : Activity;

    public sealed record Restock(string Sku, int Quantity) : Activity;

    public sealed record SendNotification(NotificationKind Kind, Actor Recipient, string Subject, string Body) : Activity;

    /// <summary>An ORDER_CHANGE notification for subscribers.</summary>
    public sealed record PublishOrderChange(OrderChangeType ChangeType, OrderStatus OrderStatus, string ChangeReason) : Activity;
}

public enum OrderChangeType { OrderStatusChange, BuyerRequestedChange }

public enum NotificationKind
{
    OrderCanceled,
    CancellationRequestReceived,
    CancellationAttemptStarted,
    CancellationSucceeded,
    CancellationFailed,
    CancellationRequestDeclined,
    AutoCancelWarning,
    AutoCanceled,
    SellerCancellationConfirmation,
}
