using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Domain.Tests.Specification;

/// <summary><c>Given(events).When(command).Then(...)</c>: a behaviour read as a specification.</summary>
internal sealed class Spec
{
    private readonly IReadOnlyList<OrderEvent> history;
    private CancellationPolicy policy = CancellationPolicy.Default;
    private Decision? decision;

    private Spec(IReadOnlyList<OrderEvent> history) => this.history = history;

    public static Spec Given(params OrderEvent[] events) => new(events);

    public Spec WithPolicy(CancellationPolicy value)
    {
        policy = value;
        return this;
    }

    public OrderState? State => OrderDecider.Evolve(null, history);

    public Spec When(OrderCommand command)
    {
        decision = OrderDecider.Decide(command, State, policy);
        return this;
    }

    public Decision Decision => decision ?? throw new InvalidOperationException("When(...) first.");

    public Decision.Accepted Accepted => Decision as Decision.Accepted
        ?? throw new Xunit.Sdk.XunitException($"Expected acceptance, got {TestJson.Of(Decision)}");

    public IReadOnlyList<Activity> Activities => Accepted.Effects.Activities;

    public OrderState After => OrderDecider.Evolve(State, Accepted.Events)!;

    public Spec Then(params OrderEvent[] expected)
    {
        Assert.Equal(TestJson.OfAll(expected), TestJson.OfAll(Accepted.Events));
        return this;
    }

    public Spec ThenOutcome(Outcome outcome)
    {
        Assert.Equal(outcome, Accepted.Outcome);
        return this;
    }

    /// <summary>Accepted, and nothing happens: no events and no effects.</summary>
    public Spec ThenNothingHappens(Outcome outcome = Outcome.Accepted)
    {
        ThenOutcome(outcome);
        Assert.Empty(Accepted.Events);
        Assert.Equal(TestJson.Of(DecisionEffects.None), TestJson.Of(Accepted.Effects));
        return this;
    }

    public Spec ThenRefused(string code, int status)
    {
        var refused = Assert.IsType<Decision.Refused>(Decision);
        Assert.Equal((code, status), (refused.Problem.Code, refused.Problem.Status));
        return this;
    }

    public Spec ThenState(Action<OrderState> check)
    {
        check(After);
        return this;
    }

    public Spec ThenActivity<T>(Func<T, bool>? match = null) where T : Activity
    {
        Assert.Contains(Activities.OfType<T>(), a => match?.Invoke(a) ?? true);
        return this;
    }

    public Spec ThenNoActivity<T>(Func<T, bool>? match = null) where T : Activity
    {
        Assert.DoesNotContain(Activities.OfType<T>(), a => match?.Invoke(a) ?? true);
        return this;
    }

    public Spec ThenNotifies(NotificationKind kind, ActorRole recipient, string? subject = null) =>
        ThenActivity<Activity.SendNotification>(n => n.Kind == kind && n.Recipient.Role == recipient && (subject is null || n.Subject == subject));

    public Spec ThenSchedules(TimerKind kind, DateTimeOffset dueAt)
    {
        Assert.Contains(new TimerSchedule(kind, dueAt), Accepted.Effects.TimersToSchedule);
        return this;
    }

    public Spec ThenDeletes(params TimerKind[] kinds)
    {
        Assert.Equal(kinds.Order(), Accepted.Effects.TimersToDelete.Order());
        return this;
    }
}
