using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Workflow.Orchestration;

/// <summary>What one accepted decision changed: the order at its new version, what happened (by whom), and the effects it asks for.</summary>
internal sealed record Change(OrderState Order, long Version, IReadOnlyList<Activity> Activities, DateTimeOffset At, IReadOnlyList<OrderEvent> Events, Actor By);

/// <summary>
/// The orchestration's memory of its order, with no Durable Task in it: the state and version, the live timers by
/// kind, and the last commands' answers. Every decision goes through <see cref="Decide"/>; pure and deterministic.
/// </summary>
internal sealed class OrderBook(string orderId, CancellationPolicy policy, int remembered, OrderCarry? carried)
{
    private readonly List<CommandRecord> commands = [.. carried?.Commands ?? []];

    public string OrderId { get; } = orderId;

    public OrderState? Order { get; private set; } = carried?.Order;

    public long Version { get; private set; } = carried?.Version ?? 0;

    /// <summary>Kind → due; sorted by kind so the earliest-first tie-break and the JSON are stable.</summary>
    public SortedDictionary<TimerKind, DateTimeOffset> Timers { get; } = new(carried?.Timers.ToDictionary() ?? []);

    public IReadOnlyList<CommandRecord> Commands => commands;

    /// <summary>Nothing more can happen to the order by itself: it is closed (or was never placed) and no timer is live.</summary>
    public bool Settled => Order is not { IsOpen: true } && Timers.Count == 0;

    /// <summary>The earliest live timer, ties broken by kind.</summary>
    public (TimerKind Kind, DateTimeOffset Due)? NextDeadline =>
        Timers.Count == 0 ? null : Timers.Select(t => (t.Key, t.Value)).MinBy(t => t.Value);

    public CommandRecord? Recorded(string commandId) => commands.Find(c => c.CommandId == commandId);

    /// <summary>
    /// Takes a caller's command, dated <paramref name="now"/> (the orchestration's time, not the caller's), and records
    /// its answer. A commandId already recorded is not taken again: null, and nothing is recorded twice.
    /// </summary>
    public Change? Take(CommandEnvelope envelope, DateTimeOffset now)
    {
        if (Recorded(envelope.CommandId) is not null)
        {
            return null;
        }

        var fingerprint = CommandFingerprint.Of(envelope.Command);
        if (envelope.Command is OrderCommand.BuyerWindowCloses or OrderCommand.AutoCancelWarning or OrderCommand.AutoCancel
            or OrderCommand.PendingPaymentTimeout or OrderCommand.CancellationAttemptTimeout or OrderCommand.ActivityFailed)
        {
            Record(new CommandRecord(envelope.CommandId, Version, null, WorkflowProblems.RuntimeCommand(envelope.Command.GetType().Name), fingerprint));
            return null;
        }

        if (envelope.ExpectedVersion is { } expected && expected != Version)
        {
            Record(new CommandRecord(envelope.CommandId, Version, null, WorkflowProblems.VersionConflict(Version), fingerprint));
            return null;
        }

        var (decision, change) = Decide(envelope.Command with { Now = now });
        Record(decision is Decision.Refused refused
            ? new CommandRecord(envelope.CommandId, Version, null, refused.Problem, fingerprint)
            : new CommandRecord(envelope.CommandId, Version, ((Decision.Accepted)decision).Outcome, null, fingerprint));
        return change;
    }

    /// <summary>
    /// A durable timer fired: it is no longer live, and its command is dated no earlier than its due time (a timer
    /// that became moot decides nothing).
    /// </summary>
    public Change? TimerFired(TimerKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        Timers.Remove(kind);
        return Decide(OrderCommand.ForTimer(kind, now > due ? now : due)).Change;
    }

    /// <summary>An effect exhausted its retries: recorded on the order (<c>ActivityFailed</c>).</summary>
    public Change? EffectFailed(string name, string detail, DateTimeOffset now) =>
        Decide(new OrderCommand.ActivityFailed(now, name, detail)).Change;

    public OrderSnapshot Snapshot(int pendingEffects) => new(Order, Version, [.. commands], new Dictionary<TimerKind, DateTimeOffset>(Timers), pendingEffects);

    public OrderCarry Carry(IReadOnlyList<PendingEffect> effects, bool projectionPending, int generation) =>
        new(Order, Version, [.. commands], new Dictionary<TimerKind, DateTimeOffset>(Timers), effects, projectionPending, generation);

    private (Decision Decision, Change? Change) Decide(OrderCommand command)
    {
        var decision = OrderDecider.Decide(command, Order, policy);
        if (decision is not Decision.Accepted { Events.Count: > 0 } accepted)
        {
            return (decision, null); // refused, a repeat, or a moot timer: nothing changes
        }

        Order = accepted.After ?? OrderDecider.Evolve(Order, accepted.Events)!;
        Version++;
        foreach (var kind in accepted.Effects.TimersToDelete)
        {
            Timers.Remove(kind);
        }

        foreach (var timer in accepted.Effects.TimersToSchedule)
        {
            Timers[timer.Kind] = timer.DueAt;
        }

        return (decision, new Change(Order, Version, accepted.Effects.Activities, command.Now, accepted.Events, command.By));
    }

    private void Record(CommandRecord record)
    {
        commands.Add(record);
        if (commands.Count > remembered)
        {
            commands.RemoveRange(0, commands.Count - remembered);
        }
    }
}
