using OrderCancellation.Domain.Policy;
using static OrderCancellation.Domain.Tests.Specification.Orders;

namespace OrderCancellation.Domain.Tests.Policy;

public class PolicyOptionsTests
{
    [Fact]
    public void The_defaults_are_those_of_the_design()
    {
        var o = CancellationOptions.Default;
        Assert.Equal(
            (TimeSpan.FromMinutes(30), TimeSpan.FromDays(7), TimeSpan.FromDays(21), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7), 0.025m),
            (o.BuyerSelfCancelWindow, o.AutoCancelAfterLatestShipDate, o.PendingPaymentTimeout, o.CancellationAttemptTimeout, o.AutoCancelWarningBefore, o.CancellationRateWindow, o.CancellationRateThreshold));
    }

    [Fact]
    public void A_marketplace_override_changes_only_what_it_sets()
    {
        var policy = new CancellationPolicy { Marketplaces = new Dictionary<string, CancellationOverrides> { [JP] = new() { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) } } };
        Assert.Equal(CancellationOptions.Default with { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) }, policy.For(JP));
    }

    [Fact]
    public void An_override_for_one_marketplace_never_changes_another()
    {
        var policy = new CancellationPolicy
        {
            Marketplaces = new Dictionary<string, CancellationOverrides>
            {
                [JP] = new() { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) },
                [SA] = new() { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) },
            },
        };

        Assert.Equal(CancellationOptions.Default with { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) }, policy.For(JP));
        Assert.Equal(CancellationOptions.Default with { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) }, policy.For(SA));
        Assert.Equal(CancellationOptions.Default, policy.For(US));
    }

    [Fact]
    public void A_marketplace_without_overrides_gets_the_defaults() =>
        Assert.Equal(CancellationOptions.Default, CancellationPolicy.Default.For(US));
}
