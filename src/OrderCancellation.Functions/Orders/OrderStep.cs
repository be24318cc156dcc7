using System.Collections.Frozen;
using System.Globalization;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Steps;
using OrderCancellation.Functions.Activities;

namespace OrderCancellation.Functions.Orders;

/// <summary>The stored answer of a feed record's cancel: <c>{"outcome": …}</c>, the order itself left out.</summary>
internal sealed record FeedRecordAnswer(Outcome Outcome);

/// <summary>What one step decided, besides the runtime's <see cref="StepDecision"/>: the domain's answer.</summary>
internal sealed record OrderStepResult(StepDecision Decision, Outcome? Outcome, Problem? Problem);

/// <summary>
/// One command on one order as a runtime step: read the state the instance holds, let the Decider judge
/// the command, fold its events, and map the decision to what the runtime commits atomically (state,
/// history, timers, activities, tags, status, and the HTTP answer stored for idempotent replays).
/// Pure: the runtime calls it under the instance lock.
/// </summary>
internal static class OrderStep
{
    /// <summary>The answer of runtime-made steps (timers, dead activities): nobody reads it.</summary>
    private static readonly StepResponse RuntimeAnswer = new(200, string.Empty);

    /// <summary>
    /// Decides <paramref name="command"/> against the order as <paramref name="current"/> holds it: the object an
    /// earlier step of the same batch left (no JSON to parse), else its stored JSON. The new state is handed to the
    /// runtime as an object too, rendered to JSON only when the instance is written (once per batch).
    /// </summary>
    public static OrderStepResult Decide(OrderCommand command, InstanceSnapshot? current, CancellationPolicy policy)
    {
        var before = current?.StateValue as OrderState ?? OrderJson.State(current?.State);
        var version = current?.Version ?? 0;
        var decision = OrderDecider.Decide(command, before, policy);
        if (decision is Decision.Refused refused)
        {
            var response = new StepResponse(refused.Problem.Status, OrderJson.Problem(refused.Problem));
            return new OrderStepResult(StepDecision.Refuse(response), null, refused.Problem);
        }

        var accepted = (Decision.Accepted)decision;
        if (accepted.Events.Count == 0)
        {
            // A repeat, or a timer that became moot: nothing is written, the answer is given again.
            return new OrderStepResult(StepDecision.Refuse(Answer(command, before!, version, accepted.Outcome, placed: false, policy)), accepted.Outcome, null);
        }

        var after = accepted.After ?? OrderDecider.Evolve(before, accepted.Events)!;
        var newVersion = version + 1;
        var effects = accepted.Effects;
        var step = new StepDecision
        {
            NewStateValue = after,
            RenderState = RenderState,
            Status = after.IsOpen ? InstanceStatus.Running : InstanceStatus.Completed,
            CustomStatus = after.OrderStatus.ToString(),
            History = [.. accepted.Events.Select(e => new HistoryEntry(e.EventType, OrderJson.HistoryEntry(e, command.By)))],
            TimersToSchedule = [.. effects.TimersToSchedule.Select(t => new TimerRequest(t.Kind.ToString(), t.DueAt, ExactDue(t.DueAt)))],
            TimersToCancel = [.. effects.TimersToDelete.Select(k => k.ToString())],
            Activities = [.. effects.Activities.Select(a => new ActivityRequest(a.Name, ActivityPayload.Serialize(a)))],
            Tags = before is not null && OrderTags.Same(before, after) ? null : OrderTags.For(after),
            Response = Answer(command, after, newVersion, accepted.Outcome, placed: before is null, policy),
        };
        return new OrderStepResult(step, accepted.Outcome, null);
    }

    /// <summary>
    /// The store keeps timers to the millisecond, so a timer can fire up to 1 ms before the instant the
    /// domain computed; the payload keeps the exact instant, and the fired command is dated no earlier.
    /// </summary>
    public static DateTimeOffset FiredAt(string payload, DateTimeOffset now) =>
        DateTimeOffset.TryParseExact(payload, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var due) && due > now ? due : now;

    /// <summary>A feed record's answer for each outcome, written once: every record stores one.</summary>
    private static readonly FrozenDictionary<Outcome, StepResponse> FeedRecordAnswers =
        Enum.GetValues<Outcome>().ToFrozenDictionary(o => o, o => new StepResponse(o.StatusCode(), OrderJson.Body(new FeedRecordAnswer(o))));

    private static string RenderState(object state) => OrderJson.State((OrderState)state);

    private static string ExactDue(DateTimeOffset dueAt) => dueAt.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Placing answers the order (201 when created, 200 when it existed); other commands answer <c>{outcome, order}</c>.</summary>
    private static StepResponse Answer(OrderCommand command, OrderState order, long version, Outcome outcome, bool placed, CancellationPolicy policy)
    {
        if (command is OrderCommand.BuyerWindowCloses or OrderCommand.AutoCancelWarning or OrderCommand.AutoCancel
            or OrderCommand.PendingPaymentTimeout or OrderCommand.CancellationAttemptTimeout or OrderCommand.ActivityFailed)
        {
            return RuntimeAnswer;
        }

        if (command is OrderCommand.Cancel { Source: CancelSource.Feed })
        {
            // Only the feed processor reads a feed record's answer (its outcome, on a replay): no order view.
            return FeedRecordAnswers[outcome];
        }

        var view = OrderView.Of(order, version, command.By, command.Now, policy);
        return command is OrderCommand.PlaceOrder
            ? new StepResponse(placed ? 201 : 200, OrderJson.Body(view))
            : new StepResponse(outcome.StatusCode(), OrderJson.Body(new CommandAnswer(outcome, view)));
    }
}
