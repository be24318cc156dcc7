namespace OrderCancellation.Domain.Effects;

/// <summary>The durable timers of an order (§4.5). An order has at most one of each: the kind is the timer's name.</summary>
public enum TimerKind
{
    BuyerWindowCloses,
    AutoCancelWarning,
    AutoCancel,
    PendingPaymentTimeout,
    CancellationAttemptTimeout,
}

public sealed record TimerSchedule(TimerKind Kind, DateTimeOffset DueAt);
