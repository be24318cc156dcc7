namespace OrderCancellation.Domain.Effects;

/// <summary>
/// What the runtime must do besides storing the events, in the same transaction: schedule timers
/// (an existing timer of that kind moves), delete timers the decision made moot, enqueue activities.
/// </summary>
public sealed record DecisionEffects(
    IReadOnlyList<TimerSchedule> TimersToSchedule,
    IReadOnlyList<TimerKind> TimersToDelete,
    IReadOnlyList<Activity> Activities)
{
    public static DecisionEffects None { get; } = new([], [], []);
}
