using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Commands;

public enum PaymentStatus { Verified, Declined }

public enum LabelAction { Purchased, Voided }

public abstract partial record OrderCommand
{
    /// <summary>The seller declines the open buyer request; the buyer gets <paramref name="Message"/>.</summary>
    public sealed record DeclineCancellationRequest(Actor By, DateTimeOffset Now, string Message) : OrderCommand(By, Now);

    /// <summary>The marketplace verified or declined the buyer's payment.</summary>
    public sealed record Payment(Actor By, DateTimeOffset Now, PaymentStatus Status) : OrderCommand(By, Now);

    /// <summary>The seller bought or voided a shipping label (Merchant orders).</summary>
    public sealed record ShippingLabel(Actor By, DateTimeOffset Now, LabelAction Action) : OrderCommand(By, Now);

    /// <summary>Quantities left the warehouse: the seller for Merchant orders, the marketplace for any.</summary>
    public sealed record ConfirmShipment(
        Actor By,
        DateTimeOffset Now,
        IReadOnlyList<LineQuantity> Lines,
        string? Carrier = null,
        string? TrackingId = null) : OrderCommand(By, Now);

    /// <summary>The fulfillment network moved an Amazon or MultiChannel order.</summary>
    public sealed record ChangeFulfillmentStage(Actor By, DateTimeOffset Now, FulfillmentStage Stage) : OrderCommand(By, Now);
}
