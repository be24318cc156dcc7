using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Api.Orders;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

public sealed class CancellationSettingsTests
{
    [Fact]
    public async Task The_app_does_not_start_with_an_invalid_cancellation_option()
    {
        var settings = HostFixture.QuietActivities();
        settings["Cancellation:Marketplaces:JP1:BuyerSelfCancelWindow"] = "-00:05:00";

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync(StoreKind.Sqlite, settings));

        var validation = Assert.IsType<OptionsValidationException>(failure.GetBaseException());
        Assert.Contains("Cancellation:Marketplaces:JP1:BuyerSelfCancelWindow must be positive", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_apply_per_marketplace_and_inherit_the_rest()
    {
        var settings = new CancellationSettings
        {
            BuyerSelfCancelWindow = TimeSpan.FromMinutes(30),
            Marketplaces = { ["A1VC38T7YXB528"] = new CancellationOverrides { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) } },
        };

        var policy = settings.ToPolicy();

        Assert.Empty(settings.Errors());
        Assert.Equal(TimeSpan.FromMinutes(5), policy.For("A1VC38T7YXB528").BuyerSelfCancelWindow);
        Assert.Equal(TimeSpan.FromDays(7), policy.For("A1VC38T7YXB528").AutoCancelAfterLatestShipDate);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.For("ATVPDKIKX0DER").BuyerSelfCancelWindow);
    }
}
