using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Every endpoint of the order area against every role, as the order's owner and as a stranger (§5):
/// 401 without a token, 403 for a role the endpoint is not for, 404 for someone else's order, and
/// anything but those for an allowed caller. Each row works on its own fresh order.
/// </summary>
public abstract class OrderAuthMatrixTests(HostFixture fixture)
{
    public enum Expect { Allowed, Unauthenticated, Forbidden, NotFound }

    private const string Owner = "owner";
    private const string Stranger = "stranger";

    private static readonly (string Method, string Path, object? Body)[] Endpoints =
    [
        ("POST", "/api/orders", null), // body made per row: a new order
        ("GET", "/api/orders", null),
        ("GET", "/api/orders/{id}", null),
        ("GET", "/api/orders/{id}/history", null),
        ("GET", "/api/orders/{id}/notifications", null),
        ("POST", "/api/orders/{id}/cancel", new { reason = "GeneralAdjustment" }),
        ("POST", "/api/orders/{id}/cancellation-request/decline", new { message = "Already packed" }),
        ("POST", "/api/orders/{id}/payment", new { status = "Verified" }),
        ("POST", "/api/orders/{id}/shipping-label", new { action = "Purchased" }),
        ("POST", "/api/orders/{id}/shipments", new { lines = new[] { new { lineId = "L1", quantity = 1 } } }),
        ("POST", "/api/orders/{id}/fulfillment-stage", new { stage = "Planning" }),
        ("GET", "/api/sellers/{seller}/metrics/cancellation-rate", null),
        ("GET", "/runtime/instances/{id}", null),
    ];

    /// <summary>Which roles each endpoint is for; owner-scoped endpoints answer strangers 404 (403 for other sellers' lists and metrics).</summary>
    private static readonly Dictionary<string, string[]> AllowedRoles = new()
    {
        ["POST /api/orders"] = ["marketplace"],
        ["GET /api/orders"] = ["buyer", "seller", "marketplace"],
        ["GET /api/orders/{id}"] = ["buyer", "seller", "marketplace", "support"],
        ["GET /api/orders/{id}/history"] = ["buyer", "seller", "marketplace", "support"],
        ["GET /api/orders/{id}/notifications"] = ["buyer", "seller", "marketplace", "support"],
        ["POST /api/orders/{id}/cancel"] = ["buyer", "seller", "marketplace", "support"],
        ["POST /api/orders/{id}/cancellation-request/decline"] = ["seller"],
        ["POST /api/orders/{id}/payment"] = ["marketplace"],
        ["POST /api/orders/{id}/shipping-label"] = ["seller"],
        ["POST /api/orders/{id}/shipments"] = ["seller", "marketplace"],
        ["POST /api/orders/{id}/fulfillment-stage"] = ["marketplace"],
        ["GET /api/sellers/{seller}/metrics/cancellation-rate"] = ["seller", "marketplace"],
        ["GET /runtime/instances/{id}"] = ["marketplace", "support"],
    };

    public static TheoryData<string, string, string, string, Expect> Matrix()
    {
        var data = new TheoryData<string, string, string, string, Expect>();
        foreach (var (method, path, _) in Endpoints)
        {
            var key = $"{method} {path}";
            data.Add(method, path, "none", Owner, Expect.Unauthenticated);
            foreach (var role in new[] { "buyer", "seller", "marketplace", "support" })
            {
                var allowed = AllowedRoles[key].Contains(role);
                data.Add(method, path, role, Owner, allowed ? Expect.Allowed : Expect.Forbidden);
                if (role is "buyer" or "seller")
                {
                    var strangerExpect = !allowed ? Expect.Forbidden
                        : path.Contains("{id}", StringComparison.Ordinal) ? Expect.NotFound
                        : path == "/api/orders" && method == "POST" ? Expect.Allowed
                        : path == "/api/orders" && role == "buyer" ? Expect.Allowed // a buyer lists their own orders whatever the query: none of S1's here
                        : Expect.Forbidden; // another seller's list or metrics (asked for by seller id)
                    data.Add(method, path, role, Stranger, strangerExpect);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_role_gets_what_the_endpoint_allows(string method, string path, string role, string who, Expect expected)
    {
        var host = fixture.Host;
        var id = await host.PlaceAsync(OrderApi.Order(buyerId: "B1", sellerId: "S1"));
        var sub = (role, who) switch
        {
            ("buyer", Owner) => "B1",
            ("buyer", _) => "B2",
            ("seller", Owner) => "S1",
            ("seller", _) => "S2",
            _ => "OP1",
        };
        var body = path == "/api/orders" && method == "POST" ? OrderApi.Order() : Endpoints.Single(e => e.Method == method && e.Path == path).Body;
        var url = path.Replace("{id}", id, StringComparison.Ordinal).Replace("{seller}", "S1", StringComparison.Ordinal)
            + (path == "/api/orders" && method == "GET" && who == Stranger ? "?sellerId=S1" : string.Empty);
        using var client = role == "none" ? host.CreateClient() : host.As(role, sub);

        var answer = await client.SendApiAsync(new HttpMethod(method), url, body);

        switch (expected)
        {
            case Expect.Unauthenticated:
                Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
                Assert.Equal("unauthenticated", answer.Code);
                break;
            case Expect.Forbidden:
                Assert.True(answer.Status == HttpStatusCode.Forbidden, answer.ToString());
                Assert.Contains(answer.Code, new[] { "forbidden", "not-allowed" });
                break;
            case Expect.NotFound:
                Assert.True(answer.Status == HttpStatusCode.NotFound, answer.ToString());
                Assert.Equal("order-not-found", answer.Code);
                break;
            default:
                // The role may call it; what the order allows is the domain's answer (e.g. 403 not-allowed for Support on a Merchant order).
                Assert.True(answer.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound), answer.ToString());
                Assert.NotEqual("forbidden", answer.Code);
                break;
        }
    }

    [Fact]
    public async Task A_stranger_and_a_missing_order_get_the_same_answer()
    {
        var host = fixture.Host;
        var id = await host.PlaceAsync(OrderApi.Order(buyerId: "B1"));
        using var stranger = host.As("buyer", "B2");

        var theirs = await stranger.PostApiAsync($"/api/orders/{id}/cancel", new { });
        var missing = await stranger.PostApiAsync($"/api/orders/{OrderApi.NewId()}/cancel", new { });
        var theirsRead = await stranger.GetApiAsync($"/api/orders/{id}");
        var missingRead = await stranger.GetApiAsync($"/api/orders/{OrderApi.NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
        Assert.Equal(missing.Body, theirs.Body);
        Assert.Equal(missingRead.Body, theirsRead.Body);
        Assert.Equal(missing.Body, theirsRead.Body);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var host = fixture.Host;
        using var client = host.CreateClient();
        var token = OrderCancellation.Api.Auth.DevTokenIssuer.Issue(
            new OrderCancellation.Api.Auth.AuthOptions { SigningKey = "another-signing-key-0123456789abcdef0123" }, "marketplace", "M1", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var answer = await client.GetApiAsync("/api/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_401()
    {
        // Issue 18: a token must carry exactly one known role; any other caller is nobody (TokenRules).
        using var client = fixture.Host.As("admin", "X1");

        var answer = await client.GetApiAsync($"/api/orders/{OrderApi.NewId()}");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("unauthenticated", answer.Code);
    }
}

public sealed class OrderAuthMatrixSqliteTests(SqliteHost fixture) : OrderAuthMatrixTests(fixture), IClassFixture<SqliteHost>;

public sealed class OrderAuthMatrixPostgresTests(PostgresHost fixture) : OrderAuthMatrixTests(fixture), IClassFixture<PostgresHost>;
