using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;
using Xunit.Abstractions;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>
/// Issue 18, point 5: mutated bodies (<see cref="JsonMutator"/>, <see cref="FuzzSeed"/>) sent to every mutating endpoint
/// of the standalone app on SQLite, checked by <see cref="FuzzRun"/>: no 5xx, and no state change from a refused request.
/// Most bodies are invalid, so accepted ones are few.
/// </summary>
public sealed class BodyFuzzTests(SqliteHost fixture, ITestOutputHelper output) : IClassFixture<SqliteHost>
{
    private const string Seller = "S-fuzz";
    private const string Buyer = "B-fuzz";
    // No %00: the test server cannot carry it (Kestrel answers 400 before the app).
    private static readonly string[] HostilePathIds = ["FZ-unknown-order", "A%01", "A%0A1", "A%E2%80%AE1", "A%201", new string('9', 65), "..%2F..%2Fetc", "%F0%9F%98%80"];

    private static readonly string[] FeedTypes =
    [
        "", "JSON", "POST_ORDER_ACKNOWLEDGEMENT_DATA", "1", "%01", "JSON_ORDER_CANCELLATION%0A", new string('X', 300), "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA%E2%80%AE",
        "JSON_ORDER_CANCELLATION", "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA",
    ];

    private ServiceHost Host => fixture.Host;

    private sealed record Endpoint(string Name, string Role, string Subject, Func<string, string> Path, JsonObject Body, int Count);

    [Fact]
    public async Task Ten_thousand_mutated_bodies_across_every_mutating_endpoint_give_no_5xx_and_the_refused_ones_change_nothing()
    {
        var orderId = await Host.PlaceAsync(OrderApi.Order(sellerId: Seller, buyerId: Buyer));
        using var watch = new StoreWatch(Host);
        var run = new FuzzRun(watch, output);
        await run.StartAsync();

        var endpoints = Endpoints();
        for (var e = 0; e < endpoints.Length; e++)
        {
            var endpoint = endpoints[e];
            var random = new Random(FuzzSeed.Value + e);
            var mutator = new JsonMutator(random);
            using var client = Host.As(endpoint.Role, endpoint.Subject);
            for (var i = 0; i < endpoint.Count; i++)
            {
                var path = endpoint.Path(random.Next(100) < 3 ? HostilePathIds[random.Next(HostilePathIds.Length)] : orderId);
                var body = mutator.Mutate(endpoint.Body);
                using var request = Request(HttpMethod.Post, path, body, random);
                await run.SendAsync(client, request, $"{endpoint.Name} #{i}", Encoding.UTF8.GetString(body));
            }
        }

        await FeedSubmissionsAsync(run);
        run.AssertClean(minimumRequests: 10_000);
    }

    /// <summary>POST /api/feeds: the document is read later (see <see cref="FeedLineFuzzTests"/>), so the edge checks only the type, the size and emptiness.</summary>
    private async Task FeedSubmissionsAsync(FuzzRun run)
    {
        var random = new Random(FuzzSeed.Value + 100);
        using var seller = Host.As("seller", Seller);
        for (var i = 0; i < 400; i++)
        {
            // Most submissions are refused: an unknown type or an empty document; a few valid ones are stored and processed.
            var feedType = FeedTypes[random.Next(FeedTypes.Length)];
            var valid = feedType is "JSON_ORDER_CANCELLATION" or "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA";
            var body = valid && random.Next(100) < 75
                ? []
                : Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "order-id\tamazon-order-item-code\tcancellation-reason-code\nA\u202E1\t\tNoInventory\n" : "{\"messages\":[{\"messageId\":1,\"orderId\":\"A1\\n\",\"reason\":\"x\"}]}");
            using var request = Request(HttpMethod.Post, $"/api/feeds?feedType={feedType}", body, random);
            await run.SendAsync(seller, request, $"feeds #{i}", $"feedType={feedType} ({body.Length} bytes)");
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, byte[] body, Random random)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        switch (random.Next(100))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 201));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("If-Match", "not-a-version");
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("If-Match", "\"999999\"");
                break;
        }

        return request;
    }

    private static Endpoint[] Endpoints()
    {
        static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, Api.Http.ApiJson.Options)!.AsObject();
        var lines = new[] { new { lineId = "L1", quantity = 1 } };
        var order = OrderApi.Order(orderId: $"FZ-{Guid.NewGuid():N}", sellerId: Seller, buyerId: Buyer);
        return
        [
            new("place", "marketplace", OrderApi.Marketplace, _ => "/api/orders", Json(order), 2_200),
            new("cancel", "seller", Seller, id => $"/api/orders/{id}/cancel", Json(new { reason = "NoInventory", lines, note = "Fuzz." }), 2_000),
            new("cancel by the buyer", "buyer", Buyer, id => $"/api/orders/{id}/cancel", Json(new { reason = "Ordered by mistake.", lines }), 600),
            new("decline", "seller", Seller, id => $"/api/orders/{id}/cancellation-request/decline", Json(new { message = "Already packed." }), 700),
            new("payment", "marketplace", OrderApi.Marketplace, id => $"/api/orders/{id}/payment", Json(new { status = "Verified" }), 700),
            new("shipping-label", "seller", Seller, id => $"/api/orders/{id}/shipping-label", Json(new { action = "Voided" }), 700),
            new("shipments", "seller", Seller, id => $"/api/orders/{id}/shipments", Json(new { lines, carrier = "UPS", trackingId = "1Z999" }), 1_500),
            new("fulfillment-stage", "marketplace", OrderApi.Marketplace, id => $"/api/orders/{id}/fulfillment-stage", Json(new { stage = "Planning" }), 700),
            new("subscriptions", "seller", Seller, _ => "/api/subscriptions",
                Json(new { url = "https://203.0.113.10/hooks/orders", secret = "a-secret-of-24-characters", events = new[] { "OrderStatusChange" } }), 700),
        ];
    }
}
