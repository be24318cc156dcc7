using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Http;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>An answer as the client saw it: status, raw body, parsed JSON (when any) and headers.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string Body, JsonElement Json, HttpResponseHeaders Headers, string? ContentType)
{
    public string? Code => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("code", out var c) ? c.GetString() : null;

    public string? Outcome => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("outcome", out var o) ? o.GetString() : null;

    /// <summary>The order of a command answer, or the body itself when it is an order.</summary>
    public JsonElement Order => Json.TryGetProperty("order", out var o) ? o : Json;

    public string? OrderStatus => Order.GetProperty("orderStatus").GetString();

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>Calls of the order API, with the test's orders and roles.</summary>
public static class OrderApi
{
    public const string Marketplace = "M1";
    public const string MarketplaceId = "ATVPDKIKX0DER";

    public static HttpClient AsMarketplace(this ServiceHost host) => host.As("marketplace", Marketplace);

    public static string NewId() => $"T-{Guid.NewGuid():N}";

    /// <summary>An order body: Merchant by default, purchased now, two lines (L1 × 2 at 10, L2 × 1 at 5).</summary>
    public static Dictionary<string, object?> Order(
        string? orderId = null,
        string channel = "Merchant",
        string buyerId = "B1",
        string sellerId = "S1",
        DateTimeOffset? purchaseDate = null,
        DateTimeOffset? latestShipDate = null,
        string marketplaceId = MarketplaceId)
    {
        var purchased = purchaseDate ?? DateTimeOffset.UtcNow;
        return new Dictionary<string, object?>
        {
            ["orderId"] = orderId ?? NewId(),
            ["marketplaceId"] = marketplaceId,
            ["buyerId"] = buyerId,
            ["sellerId"] = sellerId,
            ["fulfillmentChannel"] = channel,
            ["purchaseDate"] = purchased,
            ["latestShipDate"] = latestShipDate ?? purchased.AddDays(2),
            ["lines"] = new object[]
            {
                new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } },
                new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 5.00m, currencyCode = "USD" } },
            },
        };
    }

    /// <summary>Places an order as the marketplace and checks it was created; returns its id.</summary>
    public static async Task<string> PlaceAsync(this ServiceHost host, Dictionary<string, object?> order, bool verifyPayment = true)
    {
        using var marketplace = host.AsMarketplace();
        var placed = await marketplace.SendApiAsync(HttpMethod.Post, "/api/orders", order);
        Assert.True(placed.Status == HttpStatusCode.Created, placed.ToString());
        var id = (string)order["orderId"]!;
        if (verifyPayment && (string?)order["fulfillmentChannel"] != "MultiChannel") // MCF orders have no marketplace payment (§4.1)
        {
            var paid = await marketplace.SendApiAsync(HttpMethod.Post, $"/api/orders/{id}/payment", new { status = "Verified" });
            Assert.True(paid.Status == HttpStatusCode.OK, paid.ToString());
        }

        return id;
    }

    /// <summary>Places, reads and cancels an order of its own, so that later requests do not pay for compilation.</summary>
    public static async Task WarmUpAsync(ServiceHost host)
    {
        var id = await host.PlaceAsync(Order(buyerId: "warm-up", sellerId: "warm-up", marketplaceId: "WARMUP"));
        using var seller = host.As("seller", "warm-up");
        await seller.GetApiAsync($"/api/orders/{id}");
        await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });
        await host.HistoryAsync(id);
    }

    public static Task<ApiAnswer> GetApiAsync(this HttpClient client, string path) => client.SendApiAsync(HttpMethod.Get, path, null);

    public static Task<ApiAnswer> PostApiAsync(this HttpClient client, string path, object? body, string? idempotencyKey = null, string? ifMatch = null) =>
        client.SendApiAsync(HttpMethod.Post, path, body, idempotencyKey, ifMatch);

    public static async Task<ApiAnswer> SendApiAsync(this HttpClient client, HttpMethod method, string path, object? body, string? idempotencyKey = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new ApiAnswer(response.StatusCode, text, json, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The order's notices, once at least one matches (activities run in the background); fails after 10 s.</summary>
    public static async Task<JsonElement> NotificationEventuallyAsync(this ServiceHost host, string orderId, Func<JsonElement, bool> match)
    {
        using var marketplace = host.AsMarketplace();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = await marketplace.GetApiAsync($"/api/orders/{orderId}/notifications");
            var found = answer.Json.TryGetProperty("notifications", out var notices) ? notices.EnumerateArray().FirstOrDefault(match) : default;
            if (found.ValueKind != JsonValueKind.Undefined || DateTimeOffset.UtcNow > deadline)
            {
                Assert.True(found.ValueKind != JsonValueKind.Undefined, $"no matching notice: {answer}");
                return found;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The runtime status once it says Completed (activities done); fails after 10 s.</summary>
    public static async Task<JsonElement> CompletedStatusAsync(this ServiceHost host, string orderId)
    {
        using var marketplace = host.AsMarketplace();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await marketplace.GetApiAsync($"/runtime/instances/{orderId}");
            if (status.Json.GetProperty("runtimeStatus").GetString() == "Completed" || DateTimeOffset.UtcNow > deadline)
            {
                Assert.Equal("Completed", status.Json.GetProperty("runtimeStatus").GetString());
                return status.Json;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The audit trail once the read model has caught up with the order as it is now (DESIGN §6: the history is kept by
    /// the projection activity, so it lags the order; the order itself is read-your-writes).
    /// </summary>
    public static async Task<JsonElement> HistoryAsync(this ServiceHost host, string orderId)
    {
        using var marketplace = host.AsMarketplace();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var version = (await host.OrderAsync(orderId)).GetProperty("version").GetInt64();
            var history = await marketplace.GetApiAsync($"/api/orders/{orderId}/history");
            Assert.True(history.Status == HttpStatusCode.OK, history.ToString());
            var events = history.Json.GetProperty("events");
            // Every version up to the order's: each decision's projection is its own activity, and they may finish out
            // of order (the history had v1 and v3 while v2's projection still ran), so the highest version is not enough.
            var projected = events.EnumerateArray().Select(e => e.GetProperty("version").GetInt64()).Distinct().Count();
            if (projected >= version || DateTimeOffset.UtcNow > deadline)
            {
                Assert.True(projected >= version, $"The history of {orderId} holds {projected} of its {version} versions.");
                return events;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the read model (lists, tags, the rate, the audit trail) shows each order as it is now (§6: eventually consistent).</summary>
    public static async Task ProjectedAsync(this ServiceHost host, params IEnumerable<string> orderIds)
    {
        foreach (var id in orderIds)
        {
            await host.HistoryAsync(id);
        }
    }

    public static async Task<int> CountEventsAsync(this ServiceHost host, string orderId, string eventType) =>
        (await host.HistoryAsync(orderId)).EnumerateArray().Count(e => e.GetProperty("eventType").GetString() == eventType);

    public static async Task<JsonElement> OrderAsync(this ServiceHost host, string orderId)
    {
        using var marketplace = host.AsMarketplace();
        var order = await marketplace.GetApiAsync($"/api/orders/{orderId}");
        Assert.True(order.Status == HttpStatusCode.OK, order.ToString());
        return order.Json;
    }
}
