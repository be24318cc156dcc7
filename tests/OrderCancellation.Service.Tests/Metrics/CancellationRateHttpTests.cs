using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Metrics;

/// <summary>
/// The Cancellation Rate over HTTP (§4.7, issue 19): counted cancellations in the window whatever the purchase date,
/// and the daily series. Auto-cancels come 2 seconds after the latest ship date here (the real pollers and clock,
/// as in <see cref="TimerTests"/>).
/// </summary>
public abstract class CancellationRateHttpTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static string NewSeller() => $"S-{Guid.NewGuid():N}"[..14];

    public static Dictionary<string, string?> ShortAutoCancel()
    {
        var settings = HostFixture.QuietActivities();
        settings["Cancellation:AutoCancelAfterLatestShipDate"] = "00:00:02";
        settings["Cancellation:AutoCancelWarningBefore"] = "00:00:01";
        return settings;
    }

    [Fact]
    public async Task An_auto_cancel_counts_in_the_week_it_happens()
    {
        var seller = NewSeller();
        var now = DateTimeOffset.UtcNow;
        // Bought 8 days ago: its purchase date has left the 7-day window by the time it is auto-cancelled.
        var late = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now.AddDays(-8), latestShipDate: now));
        var onTime = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now, latestShipDate: now.AddDays(1)));

        await WaitForAsync(late, order => order.GetProperty("orderStatus").GetString() == "Canceled");
        await Host.ProjectedAsync(late, onTime); // §6: the rate comes from the read model
        var order = await Host.OrderAsync(late);
        Assert.Equal("AutoCanceledNotShipped", order.GetProperty("cancellations")[0].GetProperty("reason").GetString());

        using var client = Host.As("seller", seller);
        var rate = await client.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate?days=2");

        Assert.True(rate.Status == HttpStatusCode.OK, rate.ToString());
        Assert.Equal((2, 1, 0.5m, "AtRisk"), Terms(rate.Json));
        var today = rate.Json.GetProperty("daily")[1];
        Assert.Equal((2, 1, 0.5m), (today.GetProperty("orders").GetInt32(), today.GetProperty("ordersWithSellerCancellation").GetInt32(), today.GetProperty("rate").GetDecimal()));
    }

    [Fact]
    public async Task An_order_placed_before_the_window_and_cancelled_in_it_counts_in_both_terms()
    {
        var seller = NewSeller();
        var now = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(sellerId: seller, purchaseDate: now.AddDays(-10), latestShipDate: now.AddDays(1)));
        using var client = Host.As("seller", seller);
        Assert.Equal("Canceled", (await client.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" })).Outcome);
        await Host.ProjectedAsync(id);

        var rate = await client.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate");

        Assert.Equal((1, 1, 1m, "AtRisk"), Terms(rate.Json));
        Assert.False(rate.Json.TryGetProperty("daily", out _));
    }

    [Fact]
    public async Task The_daily_series_has_one_point_per_day()
    {
        var seller = NewSeller();
        var id = await Host.PlaceAsync(OrderApi.Order(sellerId: seller));
        await Host.ProjectedAsync(id);
        using var marketplace = Host.AsMarketplace();

        var rate = await marketplace.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate?days=90");

        Assert.True(rate.Status == HttpStatusCode.OK, rate.ToString());
        var today = DateOnly.FromDateTime(rate.Json.GetProperty("windowEnd").GetDateTimeOffset().UtcDateTime);
        var daily = rate.Json.GetProperty("daily").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 90).Select(n => today.AddDays(n - 89)), daily.Select(p => DateOnly.Parse(p.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, daily[^1].GetProperty("orders").GetInt32());
        Assert.Equal(0, daily[0].GetProperty("orders").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("-1")]
    [InlineData("seven")]
    [InlineData("9999999999999")]
    public async Task A_days_outside_1_to_90_is_a_400_problem(string days)
    {
        using var marketplace = Host.AsMarketplace();

        var answer = await marketplace.GetApiAsync($"/api/sellers/{NewSeller()}/metrics/cancellation-rate?days={days}");

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("validation-failed", answer.Code);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty("days", out _), answer.ToString());
    }

    [Fact]
    public async Task Orders_projected_before_read_model_version_2_are_filled_in_by_its_script()
    {
        var seller = NewSeller();
        var buyer = $"B-{Guid.NewGuid():N}"[..14];
        var now = DateTimeOffset.UtcNow;
        var id = await Host.PlaceAsync(OrderApi.Order(buyerId: buyer, sellerId: seller, purchaseDate: now.AddDays(-9).AddTicks(1234567), latestShipDate: now.AddDays(1)));
        using var client = Host.As("seller", seller);
        await client.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });
        await Host.ProjectedAsync(id);
        var connections = Host.Services.GetRequiredService<IStoreConnectionFactory>();
        var projected = await RowsAsync(connections, id);

        await ExecuteAsync(connections, $"DELETE FROM buyer_orders WHERE order_id = '{id}'; DELETE FROM counted_cancellations WHERE order_id = '{id}';");
        Assert.Equal(string.Empty, await RowsAsync(connections, id));
        await ExecuteAsync(connections, Script(connections.Provider));

        Assert.Equal(projected, await RowsAsync(connections, id));
        using var buyerClient = Host.As("buyer", buyer);
        Assert.Equal(id, (await buyerClient.GetApiAsync("/api/orders")).Json.GetProperty("orders")[0].GetProperty("orderId").GetString());
        Assert.Equal((1, 1, 1m, "AtRisk"), Terms((await client.GetApiAsync($"/api/sellers/{seller}/metrics/cancellation-rate")).Json));
    }

    private static (int, int, decimal, string?) Terms(JsonElement rate) =>
        (rate.GetProperty("orders").GetInt32(), rate.GetProperty("ordersWithSellerCancellation").GetInt32(), rate.GetProperty("rate").GetDecimal(), rate.GetProperty("status").GetString());

    private static string Script(StoreProvider provider)
    {
        var name = $"OrderCancellation.Api.ReadModel.Schema.{provider}.0002-buyers-and-counted-cancellations.sql";
        using var stream = ReadModelSetup.Schema.Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"No resource {name}.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task ExecuteAsync(IStoreConnectionFactory connections, string sql)
    {
        await using var tx = await connections.BeginWriteAsync();
        await tx.Command(sql).ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    /// <summary>The order's rows of both tables, as text.</summary>
    private static async Task<string> RowsAsync(IStoreConnectionFactory connections, string id)
    {
        await using var connection = await connections.OpenConnectionAsync();
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT buyer_id, purchase_date FROM buyer_orders WHERE order_id = @id",
            "SELECT seller_id, marketplace_id, canceled_at, purchase_date FROM counted_cancellations WHERE order_id = @id ORDER BY canceled_at",
        })
        {
            await using var command = connection.Command(sql).With("@id", id);
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
            }
        }

        return string.Join(";", rows);
    }

    private async Task WaitForAsync(string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition(await Host.OrderAsync(id)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{id} did not reach the expected state: {await Host.OrderAsync(id)}");
            await Task.Delay(100);
        }
    }
}

public sealed class ShortAutoCancelSqliteHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => CancellationRateHttpTests.ShortAutoCancel();
}

public sealed class ShortAutoCancelPostgresHost : HostFixture
{
    public override StoreKind Store => StoreKind.Postgres;

    protected override IDictionary<string, string?> Settings => CancellationRateHttpTests.ShortAutoCancel();
}

public sealed class CancellationRateHttpSqliteTests(ShortAutoCancelSqliteHost fixture) : CancellationRateHttpTests(fixture), IClassFixture<ShortAutoCancelSqliteHost>;

public sealed class CancellationRateHttpPostgresTests(ShortAutoCancelPostgresHost fixture) : CancellationRateHttpTests(fixture), IClassFixture<ShortAutoCancelPostgresHost>;
