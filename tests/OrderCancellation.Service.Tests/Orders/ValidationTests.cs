using System.Net;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>§10: bad input is a 400 problem naming the field; unknown enum values are rejected; over 1 MB is 413.</summary>
public abstract class ValidationTests(HostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private static void AssertFieldError(ApiAnswer answer, string field)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("validation-failed", answer.Code);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {answer}");
    }

    [Fact]
    public async Task An_unknown_fulfillment_channel_is_400_naming_the_field()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order(channel: "Drone");

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), "fulfillmentChannel");
    }

    [Fact]
    public async Task An_enum_given_as_a_number_is_400()
    {
        using var marketplace = Host.AsMarketplace();
        var id = await Host.PlaceAsync(OrderApi.Order(), verifyPayment: false);

        AssertFieldError(await marketplace.PostApiAsync($"/api/orders/{id}/payment", """{"status": 0}"""), "status");
    }

    [Theory]
    [InlineData("payment", """{"status":"Maybe"}""", "status")]
    [InlineData("fulfillment-stage", """{"stage":"Teleported"}""", "stage")]
    public async Task Unknown_enum_values_of_commands_are_400_naming_the_field(string command, string body, string field)
    {
        var id = await Host.PlaceAsync(OrderApi.Order(channel: "Amazon"), verifyPayment: false);
        using var marketplace = Host.AsMarketplace();

        AssertFieldError(await marketplace.PostApiAsync($"/api/orders/{id}/{command}", body), field);
    }

    [Fact]
    public async Task An_unknown_label_action_is_400()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipping-label", """{"action":"Printed"}"""), "action");
    }

    [Fact]
    public async Task Missing_order_fields_are_each_named()
    {
        using var marketplace = Host.AsMarketplace();

        var answer = await marketplace.PostApiAsync("/api/orders", new { orderId = OrderApi.NewId(), lines = new[] { new { lineId = "L1" } } });

        foreach (var field in new[] { "marketplaceId", "buyerId", "sellerId", "fulfillmentChannel", "latestShipDate", "lines[0].sku", "lines[0].quantity", "lines[0].unitPrice" })
        {
            AssertFieldError(answer, field);
        }
    }

    [Fact]
    public async Task An_order_without_lines_is_400()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order["lines"] = Array.Empty<object>();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), "lines");
    }

    [Fact]
    public async Task Negative_and_zero_quantities_are_400()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order["lines"] = new object[] { new { lineId = "L1", sku = "S", quantity = -1, unitPrice = new { amount = -2m, currencyCode = "usd" } } };
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var placed = await marketplace.PostApiAsync("/api/orders", order);
        var cancel = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 0 } } });
        var ship = await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L1", quantity = -3 } } });

        AssertFieldError(placed, "lines[0].quantity");
        AssertFieldError(placed, "lines[0].unitPrice.amount");
        AssertFieldError(placed, "lines[0].unitPrice.currencyCode");
        AssertFieldError(cancel, "lines[0].quantity");
        AssertFieldError(ship, "lines[0].quantity");
    }

    [Fact]
    public async Task A_shipment_needs_lines_and_a_decline_needs_a_message()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipments", new { carrier = "UPS" }), "lines");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines = new[] { new { quantity = 1 } } }), "lines[0].lineId");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancellation-request/decline", new { }), "message");
    }

    [Fact]
    public async Task A_buyer_reason_over_500_characters_is_400_and_500_is_fine()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");

        var tooLong = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = new string('x', 501) });
        var fine = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = new string('x', 500) });

        AssertFieldError(tooLong, "reason");
        Assert.Equal(HttpStatusCode.OK, fine.Status);
    }

    [Fact]
    public async Task A_body_over_1_MB_is_413()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");
        var huge = JsonSerializer.Serialize(new { reason = "x", note = new string('n', 1024 * 1024) });

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("payload-too-large", answer.Code);
        Assert.Equal("Unshipped", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var buyer = Host.As("buyer", "B1");

        var answer = await buyer.PostApiAsync($"/api/orders/{id}/cancel", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("validation-failed", answer.Code);
    }

    [Fact]
    public async Task An_invalid_order_id_is_400_and_an_idempotency_key_over_200_characters_is_400()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order(orderId: "bad id with spaces");

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), "orderId");
        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderApi.Order(), idempotencyKey: new string('k', 201)), "Idempotency-Key");
    }

    [Fact]
    public async Task List_filters_are_checked()
    {
        using var marketplace = Host.AsMarketplace();

        AssertFieldError(await marketplace.GetApiAsync("/api/orders?status=Lost"), "status");
        AssertFieldError(await marketplace.GetApiAsync("/api/orders?buyerRequestedCancel=maybe"), "buyerRequestedCancel");
        AssertFieldError(await marketplace.GetApiAsync("/api/orders?pageToken=%%%"), "pageToken");
        AssertFieldError(await marketplace.GetApiAsync("/api/orders?pageSize=0"), "pageSize");
    }
}

public sealed class ValidationSqliteTests(SqliteHost fixture) : ValidationTests(fixture), IClassFixture<SqliteHost>;

public sealed class ValidationPostgresTests(PostgresHost fixture) : ValidationTests(fixture), IClassFixture<PostgresHost>;
