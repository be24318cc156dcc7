using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Hosting;

/// <summary>
/// Issue 22 item 3: the OpenAPI document lists exactly the endpoints the app maps, each with exactly the statuses it
/// answers (the table below, kept by hand from the handlers: a new status is a decision, written here and on the
/// endpoint), its body, its schemas and the bearer requirement.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private static readonly int[] OrderCommand = [200, 202, 400, 401, 403, 404, 409, 412, 413, 415, 422, 429];

    /// <summary>Every operation and the statuses it answers (401 and 429: every call with a caller).</summary>
    public static readonly IReadOnlyDictionary<string, int[]> Expected = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["POST /api/orders"] = [200, 201, 202, 400, 401, 403, 404, 409, 412, 413, 415, 422, 429],
        ["GET /api/orders"] = [200, 400, 401, 403, 429],
        ["GET /api/orders/{orderId}"] = [200, 401, 404, 429],
        ["GET /api/orders/{orderId}/history"] = [200, 401, 404, 429],
        ["GET /api/orders/{orderId}/notifications"] = [200, 401, 404, 429, 503],
        ["GET /api/orders/{orderId}/commands/{commandId}"] = [200, 201, 202, 401, 403, 404, 409, 412, 422, 429],
        ["POST /api/orders/{orderId}/cancel"] = OrderCommand,
        ["POST /api/orders/{orderId}/cancellation-request/decline"] = OrderCommand,
        ["POST /api/orders/{orderId}/payment"] = OrderCommand,
        ["POST /api/orders/{orderId}/shipping-label"] = OrderCommand,
        ["POST /api/orders/{orderId}/shipments"] = OrderCommand,
        ["POST /api/orders/{orderId}/fulfillment-stage"] = OrderCommand,
        ["POST /api/feeds"] = [202, 400, 401, 403, 413, 415, 422, 429, 503],
        ["GET /api/feeds/{feedId}"] = [200, 401, 403, 404, 429],
        ["GET /api/feeds/{feedId}/report"] = [200, 401, 403, 404, 429],
        ["GET /api/sellers/{sellerId}/metrics/cancellation-rate"] = [200, 400, 401, 403, 429],
        ["POST /api/subscriptions"] = [201, 400, 401, 403, 409, 413, 415, 422, 429],
        ["GET /api/subscriptions"] = [200, 400, 401, 403, 429],
        ["GET /api/subscriptions/{subscriptionId}"] = [200, 401, 403, 404, 429],
        ["DELETE /api/subscriptions/{subscriptionId}"] = [204, 401, 403, 404, 429],
        ["GET /runtime/instances/{instanceId}"] = [200, 401, 403, 404, 429],
        ["GET /health/live"] = [200],
        ["GET /health/ready"] = [200, 503],
    };

    private static bool IsHealth(string key) => key.StartsWith("GET /health/", StringComparison.Ordinal);

    [Fact]
    public async Task The_document_lists_exactly_the_endpoints_the_app_maps()
    {
        var document = await ReadAsync();

        var endpoints = OpenApiOperations.ApiEndpoints(fixture.Host);

        Assert.True(endpoints.Count >= 20, $"The endpoint table looks incomplete: {endpoints.Count} endpoints.");
        Assert.Equal(endpoints.Order(StringComparer.Ordinal), document.ByKey.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(endpoints.Order(StringComparer.Ordinal), Expected.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_operation_documents_exactly_the_statuses_it_answers()
    {
        var document = await ReadAsync();

        var wrong = document.ByKey
            .Select(o => (o.Key, Documented: OpenApiOperations.Statuses(o.Value).Order().ToArray(), Expected: Expected.GetValueOrDefault(o.Key, []).Order().ToArray()))
            .Where(o => !o.Documented.SequenceEqual(o.Expected))
            .Select(o => $"{o.Key}: documented {string.Join(',', o.Documented)}, expected {string.Join(',', o.Expected)}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task Every_mutation_documents_its_request_body_with_a_schema()
    {
        var document = await ReadAsync();

        var posts = document.ByKey.Where(o => o.Key.StartsWith("POST ", StringComparison.Ordinal)).ToList();

        Assert.Equal(9, posts.Count);
        Assert.All(posts, post =>
        {
            Assert.True(post.Value.TryGetProperty("requestBody", out var body), $"{post.Key} has no request body");
            var media = body.GetProperty("content").EnumerateObject().ToList();
            Assert.NotEmpty(media);
            Assert.All(media, m => Assert.True(m.Value.TryGetProperty("schema", out _), $"{post.Key} {m.Name} has no schema"));
        });
        Assert.Equal(
            ["application/json", "application/octet-stream", "application/xml", "text/plain", "text/tab-separated-values", "text/xml"],
            document.ByKey["POST /api/feeds"].GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal("#/components/schemas/CancelRequest", Schema(document.ByKey["POST /api/orders/{orderId}/cancel"].GetProperty("requestBody"), "application/json").GetProperty("$ref").GetString());
        foreach (var request in new[] { "CancelRequest", "PlaceOrderRequest" })
        {
            // The handlers say what is missing (400 by field); the records' nullable members are not all required.
            Assert.False(Component(document, request).TryGetProperty("required", out var required) && required.GetArrayLength() > 0, request);
        }
    }

    [Fact]
    public async Task Every_operation_but_the_health_probes_requires_the_bearer_token()
    {
        var document = await ReadAsync();

        var scheme = document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
        Assert.All(document.ByKey, operation =>
        {
            var names = operation.Value.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList()
                : [];
            Assert.True(IsHealth(operation.Key) ? names.Count == 0 : names.SequenceEqual(["Bearer"]), $"{operation.Key}: [{string.Join(',', names)}]");
        });
    }

    [Fact]
    public async Task Every_order_command_answered_202_documents_the_PendingCommand_schema()
    {
        var document = await ReadAsync();

        var accepted = document.ByKey.Where(o => o.Key.StartsWith("POST /api/orders", StringComparison.Ordinal) || o.Key.Contains("/commands/", StringComparison.Ordinal)).ToList();

        Assert.Equal(8, accepted.Count);
        Assert.All(accepted, operation =>
        {
            var schema = Schema(operation.Value.GetProperty("responses").GetProperty("202"), "application/json");
            var refs = schema.TryGetProperty("anyOf", out var any) ? any.EnumerateArray().Select(Ref).ToList() : [Ref(schema)];
            Assert.Contains("#/components/schemas/PendingCommand", refs);
        });
        var cancel = Schema(document.ByKey["POST /api/orders/{orderId}/cancel"].GetProperty("responses").GetProperty("202"), "application/json");
        Assert.Contains("#/components/schemas/CommandAnswer", cancel.GetProperty("anyOf").EnumerateArray().Select(Ref));
        Assert.Equal(["commandId", "location", "status"], Component(document, "PendingCommand").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_problem_refers_to_the_one_problem_schema_with_code_and_errors()
    {
        var document = await ReadAsync();

        var problems = document.ByKey
            .Where(o => !IsHealth(o.Key))
            .SelectMany(o => o.Value.GetProperty("responses").EnumerateObject().Where(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture) >= 400).Select(r => (o.Key, Response: r)))
            .ToList();

        Assert.True(problems.Count > 50, $"{problems.Count} problem responses");
        Assert.All(problems, p => Assert.True(
            Ref(Schema(p.Response.Value, "application/problem+json")) == "#/components/schemas/Problem", $"{p.Key} {p.Response.Name}: {p.Response.Value}"));
        var problem = Component(document, "Problem").GetProperty("properties");
        foreach (var member in new[] { "type", "title", "status", "detail", "code", "errors" })
        {
            Assert.True(problem.TryGetProperty(member, out _), $"Problem has no {member}");
        }

        var schemas = document.Root.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();
        Assert.DoesNotContain("ProblemDetails", schemas);
        Assert.DoesNotContain("HttpValidationProblemDetails", schemas);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_the_documented_headers()
    {
        var document = await ReadAsync();

        Assert.Equal("Order Cancellation API", document.Root.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("v1", document.Root.GetProperty("info").GetProperty("version").GetString());
        Assert.All(document.ByKey, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Value.GetProperty("summary").GetString()), o.Key);
            Assert.Contains(o.Value.GetProperty("tags")[0].GetString(), new[] { "Orders", "Feeds", "Subscriptions", "Metrics", "Runtime", "Health" });
        });
        foreach (var (key, headers) in new Dictionary<string, string[]>
        {
            ["POST /api/orders"] = ["Idempotency-Key"],
            ["POST /api/orders/{orderId}/cancel"] = ["Idempotency-Key", "If-Match"],
            ["POST /api/orders/{orderId}/shipments"] = ["Idempotency-Key", "If-Match"],
            ["POST /api/feeds"] = ["Idempotency-Key"],
            ["POST /api/subscriptions"] = ["Idempotency-Key"],
        })
        {
            var documented = document.ByKey[key].GetProperty("parameters").EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!);
            Assert.Equal(headers, documented.Order(StringComparer.Ordinal));
        }

        foreach (var (key, status, header) in new[]
        {
            ("POST /api/orders", "201", "Location"), ("POST /api/orders", "201", "ETag"), ("GET /api/orders/{orderId}", "200", "ETag"),
            ("POST /api/orders/{orderId}/cancel", "202", "Location"), ("POST /api/feeds", "202", "Location"), ("POST /api/feeds", "429", "Retry-After"),
        })
        {
            Assert.True(document.ByKey[key].GetProperty("responses").GetProperty(status).GetProperty("headers").TryGetProperty(header, out _), $"{key} {status} {header}");
        }
    }

    [Fact]
    public async Task A_JSON_body_of_another_content_type_is_refused_by_the_handler_after_authentication_not_by_routing()
    {
        using var seller = fixture.Host.As("seller", "S1");
        using var anonymous = fixture.Host.CreateClient();
        var path = $"/api/orders/{Orders.OrderApi.NewId()}/cancel";

        using var signedIn = await seller.PostAsync(path, new StringContent("""{"reason":"NoInventory"}""", System.Text.Encoding.UTF8, "text/plain"));
        using var stranger = await anonymous.PostAsync(path, new StringContent("""{"reason":"NoInventory"}""", System.Text.Encoding.UTF8, "text/plain"));

        // Documenting the body adds no routing constraint: the caller is authenticated first, then told what to send.
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, signedIn.StatusCode);
        Assert.Contains("application/json", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, stranger.StatusCode);
    }

    private async Task<OpenApiOperations> ReadAsync()
    {
        using var client = fixture.Host.CreateClient();
        return await OpenApiOperations.ReadAsync(client);
    }

    private static JsonElement Schema(JsonElement responseOrBody, string mediaType) =>
        responseOrBody.GetProperty("content").GetProperty(mediaType).GetProperty("schema");

    private static string? Ref(JsonElement schema) => schema.TryGetProperty("$ref", out var r) ? r.GetString() : null;

    private static JsonElement Component(OpenApiOperations document, string name) =>
        document.Root.GetProperty("components").GetProperty("schemas").GetProperty(name);
}
