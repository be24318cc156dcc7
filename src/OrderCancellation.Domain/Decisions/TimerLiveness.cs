using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// Which timers still matter for a state: a timer that would decide nothing if it fired is moot.
/// A decision deletes the timers that were live before it and are moot after it.
/// </summary>
internal static class TimerLiveness
{
    public static IEnumerable<TimerKind> Live(OrderState? order)
    {
        if (order is null)
        {
            yield break;
        }

        var merchantOpen = order.IsOpen && order.FulfillmentChannel == FulfillmentChannel.Merchant;
        if (merchantOpen && !order.BuyerCancelWindowClosed && order.Deadlines.BuyerCancelWindowEndsAt is not null)
        {
            yield return TimerKind.BuyerWindowCloses;
        }

        if (merchantOpen && !order.AutoCancelWarningSent)
        {
            yield return TimerKind.AutoCancelWarning;
        }

        if (merchantOpen)
        {
            yield return TimerKind.AutoCancel;
        }

        if (order.IsOpen && !order.PaymentVerified)
        {
            yield return TimerKind.PendingPaymentTimeout;
        }

        if (order.CancellationAttempt is { IsOpen: true })
        {
            yield return TimerKind.CancellationAttemptTimeout;
        }
    }
}
