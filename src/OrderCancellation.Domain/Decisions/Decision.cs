using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;

namespace OrderCancellation.Domain.Decisions;

/// <summary>The answer to a command: refused with a problem, or accepted with events and effects.</summary>
public abstract record Decision
{
    private Decision() { }

    /// <summary>
    /// Accepted. <paramref name="Events"/> may be empty: a repeated command, or a timer that became moot,
    /// changes nothing and answers the same <paramref name="Outcome"/> again.
    /// </summary>
    public sealed record Accepted(Outcome Outcome, IReadOnlyList<OrderEvent> Events, DecisionEffects Effects) : Decision
    {
        /// <summary>The order as <see cref="Events"/> leave it (what folding them over the state gives); null when there are none.</summary>
        public Model.OrderState? After { get; init; }
    }

    public sealed record Refused(Problem Problem) : Decision;

    public static Decision Refuse(Problem problem) => new Refused(problem);

    public static Decision Unchanged(Outcome outcome = Outcome.Accepted) => new Accepted(outcome, [], DecisionEffects.None);
}
