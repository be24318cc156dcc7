using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>The worker reads the marketplace defaults the app ships (its appsettings.json) through the shared registration, as the standalone host does.</summary>
public sealed class MarketplaceDefaultsTests
{
    [Fact]
    public async Task The_worker_gives_japan_five_minutes_and_saudi_arabia_five_days_and_leaves_the_us_at_the_defaults()
    {
        await using var app = FunctionsTestApp.Create();

        var policy = app.Services.GetRequiredService<CancellationPolicy>();

        Assert.Equal(TimeSpan.FromMinutes(5), policy.For("A1VC38T7YXB528").BuyerSelfCancelWindow);
        Assert.Equal(TimeSpan.FromDays(5), policy.For("A17E79C6D8DWNP").AutoCancelAfterLatestShipDate);
        Assert.Equal(CancellationOptions.Default, policy.For("ATVPDKIKX0DER"));
    }

    [Fact]
    public async Task An_app_setting_for_japan_overrides_japan_only()
    {
        await using var app = FunctionsTestApp.Create(settings: new Dictionary<string, string?> { ["Cancellation:Marketplaces:A1VC38T7YXB528:BuyerSelfCancelWindow"] = "00:07:00" });

        var policy = app.Services.GetRequiredService<CancellationPolicy>();

        Assert.Equal(TimeSpan.FromMinutes(7), policy.For("A1VC38T7YXB528").BuyerSelfCancelWindow);
        Assert.Equal(TimeSpan.FromDays(5), policy.For("A17E79C6D8DWNP").AutoCancelAfterLatestShipDate);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.For("ATVPDKIKX0DER").BuyerSelfCancelWindow);
    }
}
