using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// A decision being built: the events (previewed on the state as they are added), the notices and
/// timers a rule asked for explicitly. <see cref="Accept"/> adds the effects that follow mechanically
/// from the events (<see cref="DerivedEffects"/>), so no rule can forget to release money or delete a timer.
/// </summary>
internal sealed class DecisionDraft(OrderState? before, TimerKind? consumedTimer = null)
{
    private readonly List<OrderEvent> events = [];
    private readonly List<Activity> notices = [];
    private readonly List<TimerSchedule> timers = [];
    private readonly HashSet<TimerKind> unscheduled = [];

    public OrderState? Before { get; } = before;

    /// <summary>The state with the events so far applied.</summary>
    public OrderState Current { get; private set; } = before!;

    /// <summary>The first event that moved the order's status (null: none did, or the order is being placed).</summary>
    private string? statusMovedBy;

    /// <summary>Whether an event opened or closed a buyer's request or attempt.</summary>
    private bool buyerRequestChanged;

    public DecisionDraft Add(OrderEvent @event)
    {
        events.Add(@event);
        var next = OrderDecider.Evolve(Current, @event);
        if (Current is not null && statusMovedBy is null && next.OrderStatus != Current.OrderStatus)
        {
            statusMovedBy = @event.EventType;
        }

        buyerRequestChanged |= DerivedEffects.ChangesBuyerRequest(@event);
        Current = next;
        return this;
    }

    public DecisionDraft Notify(Activity notice)
    {
        notices.Add(notice);
        return this;
    }

    public DecisionDraft Schedule(TimerKind kind, DateTimeOffset dueAt)
    {
        timers.Add(new TimerSchedule(kind, dueAt));
        return this;
    }

    /// <summary>Deletes a timer that is still live but must not fire (it would come too late to mean anything).</summary>
    public DecisionDraft Unschedule(TimerKind kind)
    {
        unscheduled.Add(kind);
        return this;
    }

    public Decision Accept(Outcome outcome)
    {
        var activities = DerivedEffects.Money(Before, Current, events)
            .Concat(DerivedEffects.Restocks(Before ?? Current, events))
            .Concat(notices)
            .Concat(DerivedEffects.OrderChanges(Before, Current, statusMovedBy, buyerRequestChanged))
            .ToList();
        var scheduled = timers.Select(t => t.Kind).ToHashSet();
        var deleted = TimerLiveness.Live(Before)
            .Except(TimerLiveness.Live(Current))
            .Union(unscheduled)
            .Where(k => k != consumedTimer && !scheduled.Contains(k))
            .ToList();
        return new Decision.Accepted(outcome, [.. events], new DecisionEffects([.. timers], deleted, activities)) { After = events.Count > 0 ? Current : null };
    }
}
