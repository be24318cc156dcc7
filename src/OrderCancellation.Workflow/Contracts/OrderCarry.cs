using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>
/// What one generation of the orchestration hands the next at <c>ContinueAsNew</c> (events raised meanwhile are
/// carried by Durable Task itself). Effects still running are handed over and started again under the same ids:
/// their downstream idempotency keys make the second run harmless, and no effect is lost.
/// </summary>
/// <param name="Generation">0 for the first; the effects' and deliveries' ids do not depend on it.</param>
/// <param name="ProjectionPending">A projection was running: the next generation projects the order as it stands.</param>
public sealed record OrderCarry(
    OrderState? Order,
    long Version,
    IReadOnlyList<CommandRecord> Commands,
    IReadOnlyDictionary<TimerKind, DateTimeOffset> Timers,
    IReadOnlyList<PendingEffect> Effects,
    bool ProjectionPending,
    int Generation);

/// <summary>A domain effect (§4.6) started and not yet finished; <paramref name="EffectId"/> is its idempotency key.</summary>
/// <param name="Version">The order version the decision made.</param>
/// <param name="At">The time of the decision that asked for it.</param>
public sealed record PendingEffect(string EffectId, Activity Activity, long Version, DateTimeOffset At);
