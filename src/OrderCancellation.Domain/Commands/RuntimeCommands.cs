using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Commands;

/// <summary>
/// Commands the runtime sends: a durable timer fired, or an activity died. They act as
/// <see cref="Actor.System"/>. A timer that arrives after it became moot (or early) decides nothing.
/// </summary>
public abstract partial record OrderCommand
{
    public sealed record BuyerWindowCloses(DateTimeOffset Now) : OrderCommand(Actor.System, Now);

    public sealed record AutoCancelWarning(DateTimeOffset Now) : OrderCommand(Actor.System, Now);

    public sealed record AutoCancel(DateTimeOffset Now) : OrderCommand(Actor.System, Now);

    public sealed record PendingPaymentTimeout(DateTimeOffset Now) : OrderCommand(Actor.System, Now);

    public sealed record CancellationAttemptTimeout(DateTimeOffset Now) : OrderCommand(Actor.System, Now);

    /// <summary>An activity exhausted its retries; it is recorded on the order.</summary>
    public sealed record ActivityFailed(DateTimeOffset Now, string Name, string Detail) : OrderCommand(Actor.System, Now);

    /// <summary>The command a fired timer stands for (timers are named after their <see cref="TimerKind"/>).</summary>
    public static OrderCommand ForTimer(TimerKind kind, DateTimeOffset now) => kind switch
    {
        TimerKind.BuyerWindowCloses => new BuyerWindowCloses(now),
        TimerKind.AutoCancelWarning => new AutoCancelWarning(now),
        TimerKind.AutoCancel => new AutoCancel(now),
        TimerKind.PendingPaymentTimeout => new PendingPaymentTimeout(now),
        TimerKind.CancellationAttemptTimeout => new CancellationAttemptTimeout(now),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timer."),
    };
}
