using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Domain.Tests.Specification;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Lifecycle;

/// <summary>§4: the marketplace an order is placed in picks its deadlines; the others keep theirs.</summary>
public class MarketplaceDefaultsTests
{
    private static readonly CancellationPolicy JapanAndSaudiArabia = new()
    {
        Marketplaces = new Dictionary<string, CancellationOverrides>
        {
            [JP] = new() { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) },
            [SA] = new() { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) },
        },
    };

    [Fact]
    public void A_japanese_buyer_has_five_minutes_to_cancel_alone() =>
        Spec.Given()
            .WithPolicy(JapanAndSaudiArabia)
            .When(Place(marketplace: JP))
            .ThenSchedules(TimerKind.BuyerWindowCloses, T0.AddMinutes(5))
            .ThenSchedules(TimerKind.AutoCancel, AutoCancelAt);

    [Fact]
    public void A_us_order_keeps_thirty_minutes_and_seven_days_whatever_other_marketplaces_say() =>
        Spec.Given()
            .WithPolicy(JapanAndSaudiArabia)
            .When(Place(marketplace: US))
            .ThenSchedules(TimerKind.BuyerWindowCloses, T0.AddMinutes(30))
            .ThenSchedules(TimerKind.AutoCancel, LatestShipDate.AddDays(7));

    [Fact]
    public void A_japanese_buyer_after_five_minutes_gets_a_request_to_the_seller() =>
        Spec.Given(Placed(marketplace: JP, policy: JapanAndSaudiArabia), Paid)
            .WithPolicy(JapanAndSaudiArabia)
            .When(Cancel(Buyer, T0.AddMinutes(6)))
            .ThenOutcome(Decisions.Outcome.CancellationRequested);
}
