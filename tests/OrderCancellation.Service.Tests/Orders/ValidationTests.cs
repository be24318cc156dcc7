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

    private static Dictionary<string, object?> OrderWithLine(object line)
    {
        var order = OrderApi.Order();
        order["lines"] = new[] { line };
        return order;
    }

    private static object Line(object? quantity = null, object? amount = null, string lineId = "L1", string sku = "SKU-1") =>
        new { lineId, sku, quantity = quantity ?? 1, unitPrice = new { amount = amount ?? 10.00m, currencyCode = "USD" } };

    [Fact]
    public async Task A_unit_price_above_one_million_is_a_400_and_one_million_is_fine()
    {
        using var marketplace = Host.AsMarketplace();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(amount: 1_000_000.01m))), "lines[0].unitPrice.amount");
        Assert.Equal(HttpStatusCode.Created, (await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(amount: 1_000_000m)))).Status);
    }

    [Theory]
    [InlineData("7.9e28")]
    [InlineData("79000000000000000000000000000")]
    [InlineData("1e300")]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("10.001")]
    public async Task A_unit_price_out_of_bounds_or_with_more_than_two_decimals_is_a_400_not_a_500(string amount)
    {
        using var marketplace = Host.AsMarketplace();
        var line = """{"sku":"SKU-1","quantity":10000,"unitPrice":{"amount":AMOUNT,"currencyCode":"USD"}""".Replace("AMOUNT", amount, StringComparison.Ordinal);
        var body = $$$"""
            {"orderId":"{{{OrderApi.NewId()}}}","marketplaceId":"M","buyerId":"B1","sellerId":"S1","fulfillmentChannel":"Merchant",
             "latestShipDate":"{{{DateTimeOffset.UtcNow.AddDays(2):O}}}",
             "lines":[{"lineId":"L1",{{{line[1..]}}}},{"lineId":"L2",{{{line[1..]}}}}]}
            """;

        var answer = await marketplace.PostApiAsync("/api/orders", body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal("validation-failed", answer.Code);
    }

    [Fact]
    public async Task A_quantity_above_ten_thousand_is_a_400_in_an_order_a_cancel_and_a_shipment()
    {
        using var marketplace = Host.AsMarketplace();
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        var tooMany = new { lines = new[] { new { lineId = "L1", quantity = 10_001 } } };

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(quantity: 10_001))), "lines[0].quantity");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancel", tooMany), "lines[0].quantity");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipments", tooMany), "lines[0].quantity");
        Assert.Equal(HttpStatusCode.Created, (await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(quantity: 10_000)))).Status);
    }

    [Fact]
    public async Task A_quantity_sent_as_a_string_is_a_400()
    {
        using var marketplace = Host.AsMarketplace();
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(quantity: "1"))), "lines[0].quantity");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancel", """{"lines":[{"lineId":"L1","quantity":"1"}]}"""), "lines[0].quantity");
        Assert.Equal(0, (await Host.OrderAsync(id)).GetProperty("lines")[0].GetProperty("quantityCanceled").GetInt32());
    }

    [Fact]
    public async Task A_price_sent_as_a_string_is_a_400()
    {
        using var marketplace = Host.AsMarketplace();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderWithLine(Line(amount: "10.00"))), "lines[0].unitPrice.amount");
    }

    [Theory]
    [InlineData("purchaseDate", "9999-12-31T00:00:00Z")]
    [InlineData("latestShipDate", "9999-12-31T23:59:59+00:00")]
    [InlineData("latestShipDate", "2100-01-01T00:00:00Z")]
    public async Task A_date_in_year_9999_is_a_400_not_a_500(string field, string date)
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order[field] = date;
        if (field == "purchaseDate")
        {
            order["latestShipDate"] = date;
        }

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), field);
    }

    [Fact]
    public async Task A_date_in_year_1_is_a_400()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order(purchaseDate: new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), "purchaseDate");
    }

    [Fact]
    public async Task More_than_100_lines_is_a_400()
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        order["lines"] = Enumerable.Range(1, 101).Select(n => Line(lineId: $"L{n}")).ToArray();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", order), "lines");
    }

    [Theory]
    [InlineData("orderId", "A1\n")]
    [InlineData("orderId", "A1\u0000")]
    [InlineData("buyerId", "B\u202E1")]
    [InlineData("sellerId", "S 1")]
    [InlineData("marketplaceId", "-ATVPDKIKX0DER")]
    [InlineData("lines[0].lineId", "L1\r")]
    [InlineData("lines[0].sku", "SKU\u200B1")]
    [InlineData("lines[0].sku", "SKU/1")]
    public async Task An_id_with_a_control_format_or_other_character_outside_its_pattern_is_a_400(string field, string value)
    {
        using var marketplace = Host.AsMarketplace();
        var order = OrderApi.Order();
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(order, Api.Http.ApiJson.Options))!;
        if (field.StartsWith("lines[0].", StringComparison.Ordinal))
        {
            json["lines"]![0]![field["lines[0].".Length..]] = value;
        }
        else
        {
            json[field] = value;
        }

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", json.ToJsonString()), field);
    }

    [Fact]
    public async Task An_order_id_with_a_newline_is_a_400()
    {
        using var marketplace = Host.AsMarketplace();
        var id = OrderApi.NewId();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderApi.Order(orderId: id + "\n")), "orderId");
        Assert.Equal(HttpStatusCode.NotFound, (await marketplace.GetApiAsync($"/api/orders/{id}")).Status);
    }

    [Fact]
    public async Task A_newline_in_an_order_id_of_the_path_is_a_404_not_a_500()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var answer = await seller.PostApiAsync($"/api/orders/{id}%0A/cancel", new { reason = "NoInventory" });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("Unshipped", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task An_id_over_64_characters_is_a_400_and_amazon_style_ids_are_fine()
    {
        using var marketplace = Host.AsMarketplace();

        AssertFieldError(await marketplace.PostApiAsync("/api/orders", OrderApi.Order(buyerId: new string('b', 65))), "buyerId");
        var amazonStyle = OrderApi.Order(orderId: $"{Random.Shared.Next(100, 999)}-{Random.Shared.Next(1_000_000, 9_999_999)}-{Random.Shared.Next(1_000_000, 9_999_999)}", buyerId: "amzn1.account.AB12:x_y", marketplaceId: "A1F83G8C2ARO7P");
        amazonStyle["lines"] = new[] { Line(lineId: "12345678901234", sku: "SKU.RED_XL-2") };
        var placed = await marketplace.PostApiAsync("/api/orders", amazonStyle);
        Assert.True(placed.Status == HttpStatusCode.Created, placed.ToString());
    }

    [Theory]
    [InlineData("note", "fine\u202Eenif")]
    [InlineData("note", "bell\u0007")]
    [InlineData("reason", "NoInventory\n")]
    public async Task A_cancel_with_a_control_or_bidi_character_in_its_text_is_a_400(string field, string value)
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        object body = field == "note" ? new { reason = "NoInventory", note = value } : new { reason = value };

        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancel", body), field);
        Assert.Equal("Unshipped", (await Host.OrderAsync(id)).GetProperty("orderStatus").GetString());
    }

    [Fact]
    public async Task A_note_may_have_line_breaks()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        var answer = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory", note = "Out of stock.\r\nSorry.\t👍" });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
    }

    [Fact]
    public async Task A_carrier_or_tracking_id_with_a_newline_or_over_100_characters_is_a_400()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        var lines = new[] { new { lineId = "L1", quantity = 1 } };

        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines, carrier = "UPS\nX-Injected: 1" }), "carrier");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/shipments", new { lines, trackingId = new string('1', 101) }), "trackingId");
        Assert.Equal(0, (await Host.OrderAsync(id)).GetProperty("lines")[0].GetProperty("quantityShipped").GetInt32());
    }

    [Fact]
    public async Task A_decline_message_over_1000_characters_or_with_a_nul_is_a_400()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");

        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancellation-request/decline", new { message = new string('m', 1001) }), "message");
        AssertFieldError(await seller.PostApiAsync($"/api/orders/{id}/cancellation-request/decline", """{"message":"no\u0000"}"""), "message");
    }
}

public sealed class ValidationSqliteTests(SqliteHost fixture) : ValidationTests(fixture), IClassFixture<SqliteHost>;

public sealed class ValidationPostgresTests(PostgresHost fixture) : ValidationTests(fixture), IClassFixture<PostgresHost>;
