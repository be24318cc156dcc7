using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Pages.Orders;

/// <summary>How an order and a cancel's outcome read to a buyer (the words of the seeds: Your Orders, amazon.co.uk help).</summary>
public static class BuyerWords
{
    public static string Status(OrderView order) => order switch
    {
        { OrderStatus: OrderStatus.Canceled } => "Order canceled",
        { CancellationAttempt.Status: AttemptStatus.Open } => "Attempting to cancel",
        { CancellationRequest.Status: RequestStatus.Open } => "Cancellation requested",
        { OrderStatus: OrderStatus.Pending } => "Payment pending",
        { OrderStatus: OrderStatus.Unshipped } => "Not yet shipped",
        { OrderStatus: OrderStatus.PartiallyShipped } => "Partially shipped",
        _ => "Shipped",
    };

    /// <summary>A CSS class for the status badge.</summary>
    public static string StatusClass(OrderView order) => order switch
    {
        { OrderStatus: OrderStatus.Canceled } => "canceled",
        { CancellationAttempt.Status: AttemptStatus.Open } or { CancellationRequest.Status: RequestStatus.Open } => "pending",
        _ => string.Empty,
    };

    public static string Outcome(Outcome outcome) => outcome switch
    {
        Domain.Decisions.Outcome.Canceled => "Order canceled. You will not be charged for it.",
        Domain.Decisions.Outcome.PartiallyCanceled => "Items canceled. The rest of your order is still on its way.",
        Domain.Decisions.Outcome.AttemptingToCancel => "Attempting to cancel. Cancellation is not guaranteed: we will email you within an hour.",
        Domain.Decisions.Outcome.CancellationRequested => "Cancellation requested. The seller has been asked to cancel; we will let you know their answer.",
        _ => "Done.",
    };

    /// <summary>The time left in the buyer's self-cancel window at <paramref name="now"/>, or why there is none.</summary>
    public static string Window(OrderView order, DateTimeOffset now)
    {
        if (order.OrderStatus == OrderStatus.Canceled)
        {
            return "This order is canceled.";
        }

        if (order.BuyerCancelWindowEndsAt is not { } ends)
        {
            return "Canceling this order is a request to the seller.";
        }

        var left = ends - now;
        if (left <= TimeSpan.Zero)
        {
            return $"The window to cancel on your own closed at {ends:yyyy-MM-dd HH:mm} UTC: a cancel now asks the seller.";
        }

        var minutes = (int)Math.Ceiling(left.TotalMinutes);
        return $"{minutes} minute{(minutes == 1 ? "" : "s")} left to cancel on your own (until {ends:HH:mm} UTC).";
    }

    /// <summary>The quantity of a line still to come: ordered less shipped and cancelled.</summary>
    public static int Remaining(OrderLineView line) => line.Quantity - line.QuantityShipped - line.QuantityCanceled;
}
