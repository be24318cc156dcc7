using System.Net;
using System.Text.Json;
using OrderCancellation.Api.Auth;
using OrderCancellation.Service.Tests.Feeds.Ingestion;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Feeds.Ingestion.FeedClient;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// Someone else's order is a missing order (§5, §7, §10): a stranger's request, conditional or not, over HTTP or in a feed,
/// gets byte for byte the answer a missing order gets, learns no version, and writes nothing anywhere.
/// </summary>
public abstract class StrangerRequestTests(HostFixture fixture)
{
    /// <summary>Every mutation a seller or a buyer may send to their own order, with a body the owner could send.</summary>
    private static readonly (string Role, string Path, object Body)[] Mutations =
    [
        ("seller", "cancel", new { reason = "NoInventory" }),
        ("seller", "cancellation-request/decline", new { message = "Already packed" }),
        ("seller", "shipping-label", new { action = "Purchased" }),
        ("seller", "shipments", new { lines = new[] { new { lineId = "L1", quantity = 1 } } }),
        ("buyer", "cancel", new { reason = "Ordered by mistake" }),
    ];

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task If_Match_on_another_sellers_order_is_the_same_404_as_a_missing_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(sellerId: "S1"));
        var version = (await Host.OrderAsync(id)).GetProperty("version").GetInt64();
        using var stranger = Host.As("seller", "S2");

        foreach (var (_, path, body) in Mutations.Where(m => m.Role == "seller"))
        {
            foreach (var ifMatch in new[] { $"\"{version}\"", $"\"{version - 1}\"", "\"999\"" })
            {
                var theirs = await stranger.PostApiAsync($"/api/orders/{id}/{path}", body, ifMatch: ifMatch);
                var missing = await stranger.PostApiAsync($"/api/orders/{OrderApi.NewId()}/{path}", body, ifMatch: ifMatch);

                AssertSameNotFound(missing, theirs, $"{path} If-Match {ifMatch}");
            }
        }
    }

    [Fact]
    public async Task If_Match_on_another_buyers_order_is_the_same_404_as_a_missing_order()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(buyerId: "B1"));
        var version = (await Host.OrderAsync(id)).GetProperty("version").GetInt64();
        using var stranger = Host.As("buyer", "B2");

        foreach (var ifMatch in new[] { $"\"{version}\"", $"\"{version - 1}\"" })
        {
            var theirs = await stranger.PostApiAsync($"/api/orders/{id}/cancel", new { }, ifMatch: ifMatch);
            var missing = await stranger.PostApiAsync($"/api/orders/{OrderApi.NewId()}/cancel", new { }, ifMatch: ifMatch);

            AssertSameNotFound(missing, theirs, $"If-Match {ifMatch}");
        }
    }

    [Fact]
    public async Task A_refused_request_from_a_stranger_writes_nothing()
    {
        var id = await Host.PlaceAsync(OrderApi.Order(buyerId: "B1", sellerId: "S1"));
        await OrderFootprint.QuietAsync(Host, id);
        var version = (await Host.OrderAsync(id)).GetProperty("version").GetInt64();
        var before = await OrderFootprint.ReadAsync(Host, id);
        using var otherSeller = Host.As("seller", "S2");
        using var otherBuyer = Host.As("buyer", "B2");

        foreach (var (role, path, body) in Mutations)
        {
            var client = role == "seller" ? otherSeller : otherBuyer;
            foreach (var ifMatch in new[] { null, $"\"{version}\"" })
            {
                var key = $"stranger-{path}-{ifMatch?.Length ?? 0}";
                var first = await client.PostApiAsync($"/api/orders/{id}/{path}", body, idempotencyKey: key, ifMatch: ifMatch);
                var again = await client.PostApiAsync($"/api/orders/{id}/{path}", body, idempotencyKey: key, ifMatch: ifMatch);
                Assert.All([first, again], a => Assert.True(a is { Status: HttpStatusCode.NotFound, Code: "order-not-found" }, a.ToString()));
            }
        }

        Assert.Equal(before, await OrderFootprint.ReadAsync(Host, id));
        Assert.Equal(version, (await Host.OrderAsync(id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_feed_record_naming_another_sellers_order_reports_order_not_found_exactly_as_a_missing_order()
    {
        var sellerId = $"S-{Guid.NewGuid():N}"[..12];
        var theirs = (await FeedOrders.PlaceAsync(Host, $"{sellerId}-other", 1, $"{sellerId}-x"))[0];
        await OrderFootprint.QuietAsync(Host, theirs);
        var before = await OrderFootprint.ReadAsync(Host, theirs);
        var missing = $"{sellerId}-missing";
        using var seller = Host.As(Roles.Seller, sellerId);
        var content = "order-id\tamazon-order-item-code\tcancellation-reason-code\n" +
                      $"{theirs}\t\tNoInventory\n" +   // 1 whole order
                      $"{missing}\t\tNoInventory\n" +  // 2
                      $"{theirs}\tL1\tNoInventory\n" + // 3 one item: its quantity is read from the order
                      $"{missing}\tL1\tNoInventory\n";  // 4

        var feedId = await SubmitAsync(seller, Ack, content);
        var feed = await WaitForEndAsync(seller, feedId);

        Assert.Equal(("DONE", (4L, 0L, 4L, 0L)), (Status(feed), Summary(feed)));
        var rows = (await ReportTsvAsync(seller, feedId)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l is [>= '1' and <= '4', '\t', ..]).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(rows[1].Replace(missing, theirs, StringComparison.Ordinal)[1..], rows[0][1..]);
        Assert.Equal(rows[3].Replace(missing, theirs, StringComparison.Ordinal)[1..], rows[2][1..]);
        Assert.Contains("\torder-not-found\t", rows[0], StringComparison.Ordinal);
        var errors = (await ReportJsonAsync(seller, feedId)).GetProperty("errors").EnumerateArray().Select(WithoutRecordAndOrder).ToList();
        Assert.Equal(errors[1], errors[0]);
        Assert.Equal(errors[3], errors[2]);
        Assert.Equal(before, await OrderFootprint.ReadAsync(Host, theirs));
    }

    private static void AssertSameNotFound(ApiAnswer missing, ApiAnswer theirs, string what)
    {
        Assert.True(missing is { Status: HttpStatusCode.NotFound, Code: "order-not-found" }, $"{what}: {missing}");
        Assert.True(theirs.Status == missing.Status && theirs.Body == missing.Body, $"{what}: {theirs} against {missing}");
        Assert.Equal(missing.ContentType, theirs.ContentType);
        Assert.Null(theirs.Headers.ETag);
    }

    private static string WithoutRecordAndOrder(JsonElement row) =>
        string.Join('|', row.EnumerateObject().Where(p => p.Name is not ("originalRecordNumber" or "orderId")).Select(p => $"{p.Name}={p.Value.GetRawText()}"));
}

public sealed class StrangerRequestSqliteTests(SqliteHost fixture) : StrangerRequestTests(fixture), IClassFixture<SqliteHost>;

public sealed class StrangerRequestPostgresTests(PostgresHost fixture) : StrangerRequestTests(fixture), IClassFixture<PostgresHost>;
