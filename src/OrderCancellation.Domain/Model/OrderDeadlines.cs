namespace OrderCancellation.Domain.Model;

/// <summary>
/// The moments the order's timers are due, computed once when it is placed.
/// Merchant-only deadlines are null on Amazon and MultiChannel orders; a MultiChannel order, which has no
/// marketplace payment, has no <paramref name="PendingPaymentExpiresAt"/> either.
/// </summary>
/// <param name="BuyerCancelWindowEndsAt">
/// The last instant of the buyer's self-cancel window. The window is closed on both ends: a buyer
/// cancel with <c>Now == BuyerCancelWindowEndsAt</c> is still inside it (a self-cancel), one tick later
/// it becomes a request to the seller.
/// </param>
public sealed record OrderDeadlines(
    DateTimeOffset? BuyerCancelWindowEndsAt,
    DateTimeOffset? AutoCancelWarningAt,
    DateTimeOffset? AutoCancelAt,
    DateTimeOffset? PendingPaymentExpiresAt);
