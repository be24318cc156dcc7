using System.Net;
using Microsoft.Extensions.Configuration;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// Issue 19's rules through HTTP: Multi-Channel orders (no payment step, cancellable by the seller only while Received or
/// Planning), the marketplace defaults the app ships (§4: Japan's 5-minute window, Saudi Arabia's 5-day auto-cancel), and
/// a deadline that passed while the order was Pending applied as soon as the payment is verified.
/// </summary>
public abstract class MarketplaceRulesTests(HostFixture fixture)
{
    public const string Japan = "A1VC38T7YXB528";
    public const string SaudiArabia = "A17E79C6D8DWNP";
    public const string UnitedStates = "ATVPDKIKX0DER";

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_japanese_order_gets_the_five_minute_window_the_app_ships()
    {
        var purchased = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(marketplaceId: Japan, purchaseDate: purchased));

        var order = await Host.OrderAsync(id);

        Assert.Equal(purchased.AddMinutes(5), order.GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset());
        Assert.Equal(purchased.AddDays(2).AddDays(7), order.GetProperty("autoCancelAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_saudi_order_is_auto_cancelled_five_days_after_its_latest_ship_date_and_keeps_thirty_minutes()
    {
        var purchased = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(marketplaceId: SaudiArabia, purchaseDate: purchased));

        var order = await Host.OrderAsync(id);

        Assert.Equal(purchased.AddDays(2).AddDays(5), order.GetProperty("autoCancelAt").GetDateTimeOffset());
        Assert.Equal(purchased.AddMinutes(30), order.GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_multichannel_order_starts_unshipped_and_refuses_a_payment_report()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"), verifyPayment: false);
        using var marketplace = Host.AsMarketplace();

        var order = await Host.OrderAsync(id);
        var verified = await marketplace.PostApiAsync($"/api/orders/{id}/payment", new { status = "Verified" });
        var declined = await marketplace.PostApiAsync($"/api/orders/{id}/payment", new { status = "Declined" });

        Assert.Equal("Unshipped", order.GetProperty("orderStatus").GetString());
        Assert.Equal((HttpStatusCode.Conflict, "no-marketplace-payment"), (verified.Status, verified.Code));
        Assert.Equal((HttpStatusCode.Conflict, "no-marketplace-payment"), (declined.Status, declined.Code));
        Assert.Equal("Unshipped", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_seller_cancels_a_received_multichannel_order_without_waiting_for_any_payment()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"), verifyPayment: false);
        using var seller = Host.As("seller", "S1");

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Canceled", answer.Outcome);
    }

    [Fact]
    public async Task A_seller_cannot_cancel_an_unfulfillable_multichannel_order_but_can_once_it_is_planned_again()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "MultiChannel"));
        using var marketplace = Host.AsMarketplace();
        using var seller = Host.As("seller", "S1");
        Assert.Equal(HttpStatusCode.OK, (await marketplace.PostApiAsync($"/api/orders/{id}/fulfillment-stage", new { stage = "Unfulfillable" })).Status);

        var refused = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });
        Assert.Equal(HttpStatusCode.OK, (await marketplace.PostApiAsync($"/api/orders/{id}/fulfillment-stage", new { stage = "Planning" })).Status);
        var canceled = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("fulfillment-unfulfillable", refused.Code);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("Canceled", canceled.Outcome);
    }

    [Fact]
    public async Task An_order_verified_nine_days_after_its_latest_ship_date_is_auto_cancelled_at_once_and_counts_against_the_seller()
    {
        var now = DateTimeOffset.UtcNow;
        var seller = $"S-{Guid.NewGuid():N}"[..12];
        var id = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now.AddDays(-11), latestShipDate: now.AddDays(-9)), verifyPayment: false);
        using var marketplace = Host.AsMarketplace();

        var verified = await marketplace.PostApiAsync($"/api/orders/{id}/payment", new { status = "Verified" });
        var order = await CanceledAsync(id);

        Assert.Equal(HttpStatusCode.OK, verified.Status);
        var cancellation = order.GetProperty("cancellations").EnumerateArray().Single();
        Assert.Equal("AutoCanceledNotShipped", cancellation.GetProperty("reason").GetString());
        Assert.Equal("Marketplace", cancellation.GetProperty("by").GetString());
        Assert.True(cancellation.GetProperty("countsAgainstSeller").GetBoolean());
        Assert.Equal(0, await Host.CountEventsAsync(id, "AutoCancelWarned")); // no warning about a moment already past
        await Host.NotificationEventuallyAsync(id, n => n.GetProperty("kind").GetString() == "AutoCanceled");
    }

    [Fact]
    public async Task A_buyer_whose_window_ended_while_the_payment_was_pending_gets_a_request_not_a_cancel()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(purchaseDate: DateTimeOffset.UtcNow.AddHours(-2)));
        using var buyer = Host.As("buyer", "B1");

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("CancellationRequested", answer.Outcome);
    }

    /// <summary>The order once it is Canceled: the auto-cancel is a timer the workflow fires after the payment's answer.</summary>
    private async Task<System.Text.Json.JsonElement> CanceledAsync(string id)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var order = await Host.OrderAsync(id);
            if (order.GetProperty("orderStatus").GetString() == "Canceled")
            {
                return order;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{id} was not auto-cancelled: {order}");
            await Task.Delay(50);
        }
    }
}

public sealed class MarketplaceRulesSqliteTests(SqliteHost fixture) : MarketplaceRulesTests(fixture), IClassFixture<SqliteHost>;

public sealed class MarketplaceRulesPostgresTests(PostgresHost fixture) : MarketplaceRulesTests(fixture), IClassFixture<PostgresHost>;

/// <summary>An operator's override for one marketplace, on top of the defaults the app ships (configuration only: one store suffices).</summary>
public sealed class MarketplaceOverrideTests(JapanOverrideHost fixture) : IClassFixture<JapanOverrideHost>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Overriding_japan_changes_japan_only_and_a_us_order_keeps_thirty_minutes()
    {
        var purchased = DateTimeOffset.UtcNow;
        var japan = await Host.PlaceAsync(OrderApi.Order(marketplaceId: MarketplaceRulesTests.Japan, purchaseDate: purchased));
        var us = await Host.PlaceAsync(OrderApi.Order(marketplaceId: MarketplaceRulesTests.UnitedStates, purchaseDate: purchased));
        var saudi = await Host.PlaceAsync(OrderApi.Order(marketplaceId: MarketplaceRulesTests.SaudiArabia, purchaseDate: purchased));

        Assert.Equal(purchased.AddMinutes(7), (await Host.OrderAsync(japan)).GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset());
        Assert.Equal(purchased.AddMinutes(30), (await Host.OrderAsync(us)).GetProperty("buyerCancelWindowEndsAt").GetDateTimeOffset());
        Assert.Equal(purchased.AddDays(2).AddDays(7), (await Host.OrderAsync(us)).GetProperty("autoCancelAt").GetDateTimeOffset());
        Assert.Equal(purchased.AddDays(2).AddDays(5), (await Host.OrderAsync(saudi)).GetProperty("autoCancelAt").GetDateTimeOffset());
    }
}

public sealed class JapanOverrideHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        [$"Cancellation:Marketplaces:{MarketplaceRulesTests.Japan}:BuyerSelfCancelWindow"] = "00:07:00",
    };
}

/// <summary>Both hosts read the <c>Cancellation</c> section through the shared registration; each ships the same marketplace defaults.</summary>
public sealed class ShippedMarketplaceDefaultsTests
{
    [Theory]
    [InlineData("src/OrderCancellation.Service/appsettings.json")]
    [InlineData("src/OrderCancellation.Functions/appsettings.json")]
    public void The_app_settings_ship_japan_and_saudi_arabia_and_leave_other_marketplaces_at_the_defaults(string file)
    {
        var settings = new CancellationSettings();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AzuriteServer.RepositoryRoot(), file), optional: false).Build()
            .GetSection(CancellationSettings.SectionName).Bind(settings);

        var policy = settings.ToPolicy();

        Assert.Empty(settings.Errors());
        Assert.Equal(CancellationOptions.Default with { BuyerSelfCancelWindow = TimeSpan.FromMinutes(5) }, policy.For(MarketplaceRulesTests.Japan));
        Assert.Equal(CancellationOptions.Default with { AutoCancelAfterLatestShipDate = TimeSpan.FromDays(5) }, policy.For(MarketplaceRulesTests.SaudiArabia));
        Assert.Equal(CancellationOptions.Default, policy.For(MarketplaceRulesTests.UnitedStates));
    }
}
