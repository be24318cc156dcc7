using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.DecisionTable;

/// <summary>The self-cancel window's edges (§4.3 rows 5 and 7, §4.5).</summary>
public class BuyerWindowTests
{
    private static readonly CancellationPolicy SampleConfig = new()
    {
        Marketplaces = new Dictionary<string, CancellationOverrides>
        {
            [JP] = new() { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) },
            [SA] = new() { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) },
        },
    };

    [Fact]
    public void Buyer_cancel_exactly_at_the_windows_end_is_still_a_self_cancel() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, WindowEnd))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Buyer_cancel_one_tick_after_the_windows_end_becomes_a_request() =>
        Spec.Given(Placed(), Paid)
            .When(Cancel(Buyer, WindowEnd.AddTicks(1)))
            .ThenOutcome(Outcome.CancellationRequested);

    [Fact]
    public void Buyer_cancel_after_the_window_is_a_request_even_if_the_window_timer_never_fired() =>
        Spec.Given(Placed(), Paid) // no BuyerCancelWindowClosed event: the timer is late or lost
            .When(Cancel(Buyer, T0.AddHours(4)))
            .ThenOutcome(Outcome.CancellationRequested);

    [Fact]
    public void Japanese_buyers_have_a_five_minute_window() =>
        Spec.Given(Placed(marketplace: JP, policy: SampleConfig), Paid)
            .WithPolicy(SampleConfig)
            .When(Cancel(Buyer, T0.AddMinutes(6)))
            .ThenOutcome(Outcome.CancellationRequested);

    [Fact]
    public void Japanese_buyer_cancel_at_minute_five_is_still_a_self_cancel() =>
        Spec.Given(Placed(marketplace: JP, policy: SampleConfig), Paid)
            .WithPolicy(SampleConfig)
            .When(Cancel(Buyer, T0.AddMinutes(5)))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void Other_marketplaces_keep_the_thirty_minute_window_under_the_sample_config() =>
        Spec.Given(Placed(marketplace: US, policy: SampleConfig), Paid)
            .WithPolicy(SampleConfig)
            .When(Cancel(Buyer, T0.AddMinutes(6)))
            .ThenOutcome(Outcome.Canceled);

    [Fact]
    public void A_pending_order_is_cancelled_by_its_buyer_even_after_the_window() =>
        Spec.Given(Placed())
            .When(Cancel(Buyer, AfterWindow))
            .ThenOutcome(Outcome.Canceled);
}
