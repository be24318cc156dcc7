using System.Net;
using System.Text;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Hosting;

/// <summary>
/// The document cannot drift from the API: real calls drive each operation to the answers it gives (success, bad input,
/// no token, wrong role, not found, conflict, precondition, reused key, too large, wrong media type), and every status
/// seen must be documented for that operation.
/// </summary>
public sealed class OpenApiDriftTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private readonly Dictionary<string, SortedSet<int>> _seen = new(StringComparer.Ordinal);

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Every_status_the_API_answers_is_documented_for_its_operation()
    {
        await DriveOrdersAsync();
        await DriveCommandsAsync();
        await DriveFeedsAsync();
        await DriveTheRestAsync();

        using var client = Host.CreateClient();
        var document = await OpenApiOperations.ReadAsync(client);
        var undocumented = _seen
            .SelectMany(s => s.Value.Where(status => !document.ByKey.TryGetValue(s.Key, out var operation) || !OpenApiOperations.Statuses(operation).Contains(status))
                .Select(status => $"{s.Key} answered {status}"))
            .ToList();
        Assert.True(undocumented.Count == 0, string.Join('\n', undocumented));

        // The calls did reach the answers they aim at (a broken call would only prove that 401 is documented).
        Assert.Equal([200, 201, 400, 401, 403, 409, 413, 422], _seen["POST /api/orders"]);
        Assert.Equal([200, 400, 401, 403, 404, 409, 412, 422], _seen["POST /api/orders/{orderId}/cancel"]);
        Assert.Equal([202, 400, 403, 415], _seen["POST /api/feeds"]);
        Assert.True(_seen.Count >= 20, $"{_seen.Count} operations driven");
    }

    private async Task DriveOrdersAsync()
    {
        using var marketplace = Host.AsMarketplace();
        using var seller = Host.As("seller", "S1");
        using var anonymous = Host.CreateClient();
        const string Place = "POST /api/orders";
        var order = OrderApi.Order();
        var id = (string)order["orderId"]!;

        await CallAsync(marketplace, Place, "/api/orders", order);
        await CallAsync(marketplace, Place, "/api/orders", order);
        await CallAsync(marketplace, Place, "/api/orders", OrderApi.Order(orderId: id, buyerId: "B2"));
        await CallAsync(marketplace, Place, "/api/orders", "{");
        await CallAsync(anonymous, Place, "/api/orders", order);
        await CallAsync(seller, Place, "/api/orders", OrderApi.Order());
        await CallAsync(marketplace, Place, "/api/orders", $$"""{"orderId":"{{OrderApi.NewId()}}","padding":"{{new string('x', 1_100_000)}}"}""");
        var keyed = OrderApi.NewId();
        await CallAsync(marketplace, Place, "/api/orders", OrderApi.Order(orderId: keyed), key: $"k-{keyed}");
        await CallAsync(marketplace, Place, "/api/orders", OrderApi.Order(orderId: keyed, buyerId: "B2"), key: $"k-{keyed}");

        await CallAsync(Host.As("buyer", "B1"), "GET /api/orders/{orderId}", $"/api/orders/{id}");
        await CallAsync(seller, "GET /api/orders/{orderId}", $"/api/orders/{OrderApi.NewId()}");
        await CallAsync(anonymous, "GET /api/orders/{orderId}", $"/api/orders/{id}");
        await CallAsync(seller, "GET /api/orders", "/api/orders?status=Unshipped");
        await CallAsync(seller, "GET /api/orders", "/api/orders?pageSize=0");
        await CallAsync(seller, "GET /api/orders", "/api/orders?sellerId=S2");
        await CallAsync(marketplace, "GET /api/orders/{orderId}/history", $"/api/orders/{id}/history");
        await CallAsync(marketplace, "GET /api/orders/{orderId}/history", $"/api/orders/{OrderApi.NewId()}/history");
        await CallAsync(marketplace, "GET /api/orders/{orderId}/notifications", $"/api/orders/{id}/notifications");
        await CallAsync(seller, "GET /api/orders/{orderId}/notifications", $"/api/orders/{OrderApi.NewId()}/notifications");
        await CallAsync(marketplace, "GET /api/orders/{orderId}/commands/{commandId}", $"/api/orders/{id}/commands/no-such-command");
        await CallAsync(marketplace, "GET /runtime/instances/{instanceId}", $"/runtime/instances/{id}");
        await CallAsync(marketplace, "GET /runtime/instances/{instanceId}", $"/runtime/instances/{OrderApi.NewId()}");
        await CallAsync(Host.As("buyer", "B1"), "GET /runtime/instances/{instanceId}", $"/runtime/instances/{id}");
    }

    private async Task DriveCommandsAsync()
    {
        var id = await Host.PlaceAsync(OrderApi.Order());
        using var seller = Host.As("seller", "S1");
        const string Cancel = "POST /api/orders/{orderId}/cancel";
        var path = $"/api/orders/{id}/cancel";

        await CallAsync(Host.As("support", "SUP1"), Cancel, path, new { reason = "NoInventory" });
        await CallAsync(seller, Cancel, path, new { reason = "NoInventory" }, ifMatch: "not-an-etag");
        await CallAsync(seller, Cancel, path, """{"lines":"all"}""");
        await CallAsync(Host.CreateClient(), Cancel, path, new { reason = "NoInventory" });
        await CallAsync(seller, Cancel, $"/api/orders/{OrderApi.NewId()}/cancel", new { reason = "NoInventory" });
        await CallAsync(seller, Cancel, path, new { reason = "NoInventory" }, key: $"c-{id}");
        await CallAsync(seller, Cancel, path, new { reason = "BuyerCanceled" }, key: $"c-{id}");
        await CallAsync(seller, Cancel, path, new { reason = "NoInventory" });

        await CallAsync(Host.AsMarketplace(), "POST /api/orders/{orderId}/payment", $"/api/orders/{id}/payment", new { status = "Verified" });
        await CallAsync(Host.AsMarketplace(), "POST /api/orders/{orderId}/payment", $"/api/orders/{id}/payment", new { status = "Sideways" });
        await CallAsync(Host.As("buyer", "B1"), "POST /api/orders/{orderId}/cancellation-request/decline", $"/api/orders/{id}/cancellation-request/decline", new { message = "no" });
        await CallAsync(seller, "POST /api/orders/{orderId}/cancellation-request/decline", $"/api/orders/{id}/cancellation-request/decline", new { message = "no" });
        await CallAsync(seller, "POST /api/orders/{orderId}/shipping-label", $"/api/orders/{OrderApi.NewId()}/shipping-label", new { action = "Purchased" });
        await CallAsync(seller, "POST /api/orders/{orderId}/shipments", $"/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L1", quantity = 1 } } });
        await CallAsync(Host.AsMarketplace(), "POST /api/orders/{orderId}/fulfillment-stage", $"/api/orders/{id}/fulfillment-stage", new { stage = "Processing" });
    }

    private async Task DriveFeedsAsync()
    {
        using var seller = Host.As("seller", "S1");
        const string Submit = "POST /api/feeds";
        const string Ack = "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA";

        var accepted = await PostFeedAsync(seller, $"/api/feeds?feedType={Ack}", "order-id\tstatus\n", "text/tab-separated-values");
        await PostFeedAsync(seller, "/api/feeds?feedType=NO_SUCH_FEED", "x", "text/plain");
        await PostFeedAsync(seller, $"/api/feeds?feedType={Ack}", "<x/>", "text/xml");
        await PostFeedAsync(Host.As("buyer", "B1"), $"/api/feeds?feedType={Ack}", "x", "text/plain");
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.ToString());
        var feedId = accepted.Json.GetProperty("feedId").GetString()!;

        await CallAsync(seller, "GET /api/feeds/{feedId}", $"/api/feeds/{feedId}");
        await CallAsync(Host.As("seller", "S2"), "GET /api/feeds/{feedId}", $"/api/feeds/{feedId}");
        await CallAsync(Host.As("buyer", "B1"), "GET /api/feeds/{feedId}", $"/api/feeds/{feedId}");
        await CallAsync(seller, "GET /api/feeds/{feedId}/report", $"/api/feeds/{feedId}/report");
        await CallAsync(seller, "GET /api/feeds/{feedId}/report", "/api/feeds/no-such-feed/report");

        async Task<ApiAnswer> PostFeedAsync(HttpClient client, string path, string content, string mediaType)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(content, Encoding.UTF8, mediaType) };
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Record(Submit, response.StatusCode);
            var json = body.Length > 0 ? System.Text.Json.JsonDocument.Parse(body).RootElement.Clone() : default;
            return new ApiAnswer(response.StatusCode, body, json, response.Headers, response.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task DriveTheRestAsync()
    {
        using var seller = Host.As("seller", "S1");
        const string Rate = "GET /api/sellers/{sellerId}/metrics/cancellation-rate";
        await CallAsync(seller, Rate, "/api/sellers/S1/metrics/cancellation-rate?days=7");
        await CallAsync(seller, Rate, "/api/sellers/S2/metrics/cancellation-rate");
        await CallAsync(seller, Rate, "/api/sellers/S1/metrics/cancellation-rate?days=0");

        var created = await CallAsync(seller, "POST /api/subscriptions", "/api/subscriptions", new { url = "https://hooks.example/drift", secret = SubscriptionSecret, events = new[] { "OrderStatusChange" } });
        await CallAsync(seller, "POST /api/subscriptions", "/api/subscriptions", "{");
        await CallAsync(seller, "POST /api/subscriptions", "/api/subscriptions", new { url = "https://127.0.0.1/hook", secret = SubscriptionSecret, events = new[] { "OrderStatusChange" } });
        await CallAsync(Host.As("buyer", "B1"), "GET /api/subscriptions", "/api/subscriptions");
        await CallAsync(seller, "GET /api/subscriptions", "/api/subscriptions");
        await CallAsync(seller, "GET /api/subscriptions", "/api/subscriptions?pageSize=0");
        var subscriptionId = created.Json.GetProperty("subscriptionId").GetString();
        await CallAsync(seller, "GET /api/subscriptions/{subscriptionId}", $"/api/subscriptions/{subscriptionId}");
        await CallAsync(Host.As("seller", "S2"), "GET /api/subscriptions/{subscriptionId}", $"/api/subscriptions/{subscriptionId}");
        await CallAsync(seller, "DELETE /api/subscriptions/{subscriptionId}", $"/api/subscriptions/{subscriptionId}");
        await CallAsync(seller, "DELETE /api/subscriptions/{subscriptionId}", $"/api/subscriptions/{subscriptionId}");

        using var anonymous = Host.CreateClient();
        await CallAsync(anonymous, "GET /health/live", "/health/live");
        await CallAsync(anonymous, "GET /health/ready", "/health/ready");
    }

    private const string SubscriptionSecret = "a-secret-of-24-characters";

    private async Task<ApiAnswer> CallAsync(HttpClient client, string operation, string path, object? body = null, string? key = null, string? ifMatch = null)
    {
        var answer = await client.SendApiAsync(new HttpMethod(operation.Split(' ')[0]), path, body, key, ifMatch);
        Record(operation, answer.Status);
        return answer;
    }

    private void Record(string operation, HttpStatusCode status)
    {
        if (!_seen.TryGetValue(operation, out var statuses))
        {
            _seen[operation] = statuses = [];
        }

        statuses.Add((int)status);
    }
}
