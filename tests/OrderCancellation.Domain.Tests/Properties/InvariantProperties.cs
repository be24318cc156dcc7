using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Tests.Specification;
using E = OrderCancellation.Domain.Events.OrderEvent;

namespace OrderCancellation.Domain.Tests.Properties;

/// <summary>What holds after any sequence of commands, checked with FsCheck over random histories.</summary>
public class InvariantProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static void ForEveryTransition(Func<Transition, bool> holds) =>
        Check.One(Config, Prop.ForAll(RandomHistories.Scenarios, scenario => RandomHistories.Run(scenario).All(holds)));

    [Fact]
    public void Quantities_are_never_negative() =>
        ForEveryTransition(t => t.After.Lines.All(l => l.QuantityShipped >= 0 && l.QuantityCanceled >= 0 && l.QuantityCancelable >= 0));

    [Fact]
    public void Shipped_plus_cancelled_never_exceeds_ordered_on_any_line() =>
        ForEveryTransition(t => t.After.Lines.All(l => l.QuantityShipped + l.QuantityCanceled <= l.Quantity));

    [Fact]
    public void Canceled_is_terminal() =>
        ForEveryTransition(t => t.Before.OrderStatus != OrderStatus.Canceled || t.After.OrderStatus == OrderStatus.Canceled);

    [Fact]
    public void Nothing_shipped_is_ever_cancelled_and_nothing_cancelled_is_ever_shipped() =>
        ForEveryTransition(t =>
        {
            var state = t.Before;
            foreach (var e in (t.Decision as Decision.Accepted)?.Events ?? [])
            {
                var touched = e switch
                {
                    E.LinesCanceled c => c.Lines,
                    E.ShipmentConfirmed s => s.Lines,
                    _ => [],
                };
                if (touched.Any(q => q.Quantity <= 0 || q.Quantity > state.Line(q.LineId)!.QuantityCancelable))
                {
                    return false;
                }

                state = OrderDecider.Evolve(state, e);
            }

            return t.Before.Lines.Zip(t.After.Lines).All(p => p.Second.QuantityShipped >= p.First.QuantityShipped && p.Second.QuantityCanceled >= p.First.QuantityCanceled);
        });

    [Fact]
    public void The_same_state_and_command_always_give_the_same_decision() =>
        ForEveryTransition(t =>
        {
            var again = OrderDecider.Decide(t.Command, t.Before);
            var stored = JsonSerializer.Deserialize<OrderState>(JsonSerializer.Serialize(t.Before, TestJson.Options), TestJson.Options);
            var fromStored = OrderDecider.Decide(t.Command, stored);
            return TestJson.Of(t.Decision) == TestJson.Of(again) && TestJson.Of(t.Decision) == TestJson.Of(fromStored);
        });

    [Fact]
    public void An_accepted_decision_carries_the_order_its_events_leave() =>
        ForEveryTransition(t => t.Decision is not Decision.Accepted a
            || (a.Events.Count == 0 ? a.After is null : TestJson.Of(a.After) == TestJson.Of(OrderDecider.Evolve(t.Before, a.Events))));

    [Fact]
    public void Order_changes_name_the_first_event_that_moved_the_status_and_any_buyer_request_opened_or_closed() =>
        ForEveryTransition(t =>
        {
            if (t.Decision is not Decision.Accepted a)
            {
                return true;
            }

            // The rule folded again event by event, as a reader of §4.6 would.
            var expected = new List<Activity.PublishOrderChange>();
            var state = t.Before;
            string? reason = null;
            foreach (var e in a.Events)
            {
                var next = OrderDecider.Evolve(state, e);
                reason ??= next.OrderStatus != state.OrderStatus ? e.EventType : null;
                state = next;
            }

            if (reason is not null && state.OrderStatus != t.Before.OrderStatus)
            {
                expected.Add(new(OrderChangeType.OrderStatusChange, state.OrderStatus, reason));
            }

            if (a.Events.Any(e => e is E.CancellationRequested or E.CancellationRequestClosed or E.CancellationAttemptStarted or E.CancellationAttemptResolved))
            {
                expected.Add(new(OrderChangeType.BuyerRequestedChange, state.OrderStatus, "Buyer Requested Cancel"));
            }

            return a.Effects.Activities.OfType<Activity.PublishOrderChange>().SequenceEqual(expected);
        });

    [Fact]
    public void At_most_one_request_or_attempt_is_open_at_a_time() =>
        ForEveryTransition(t => !(t.After.CancellationRequest is { IsOpen: true } && t.After.CancellationAttempt is { IsOpen: true }));

    [Fact]
    public void A_decision_never_schedules_and_deletes_the_same_timer() =>
        ForEveryTransition(t => t.Decision is not Decision.Accepted a
            || !a.Effects.TimersToSchedule.Any(s => a.Effects.TimersToDelete.Contains(s.Kind)));

    [Fact]
    public void A_decision_with_no_events_has_no_effects() =>
        ForEveryTransition(t => t.Decision is not Decision.Accepted { Events.Count: 0 } a
            || (a.Effects.Activities.Count == 0 && a.Effects.TimersToSchedule.Count == 0 && a.Effects.TimersToDelete.Count == 0));

    [Fact]
    public void The_buyer_is_charged_exactly_for_what_shipped_and_released_once_for_what_was_cancelled() =>
        Check.One(Config, Prop.ForAll(RandomHistories.Scenarios, scenario =>
        {
            var history = RandomHistories.Run(scenario).ToList();
            var final = history.Count == 0 ? null : history[^1].After;
            var activities = history.SelectMany(t => (t.Decision as Decision.Accepted)?.Effects.Activities ?? []).ToList();
            var releases = activities.OfType<Activity.ReleaseAuthorization>().ToList();
            var captured = activities.OfType<Activity.CapturePayment>().Sum(c => c.Amount.Amount);
            if (final is null)
            {
                return true;
            }

            var expectedReleases = !final.IsOpen && final.CanceledAmount().Amount > 0 ? 1 : 0;
            return captured == final.Sum(l => l.QuantityShipped).Amount
                && releases.Count == expectedReleases
                && releases.All(r => r.Amount == final.CanceledAmount());
        }));
}
