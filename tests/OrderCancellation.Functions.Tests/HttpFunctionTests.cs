using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Workflow;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// Each HTTP function hands its request to the shared handler with the right arguments: route values, query, body,
/// caller, the invocation's services and its <c>[DurableClient]</c> binding's client. Run on the app's real services
/// (SQLite store) with the binding's client mocked as the order orchestration (<see cref="FakeOrderOrchestrations"/>);
/// the answers are the handlers' own, so a wrong argument shows.
/// </summary>
public sealed class HttpFunctionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private FunctionsTestApp App => fixture.App;

    [Fact]
    public async Task An_order_goes_through_every_order_function_on_the_bindings_client()
    {
        var durable = new FakeOrderOrchestrations();
        var orderId = NewOrderId();
        var marketplace = FunctionsTestApp.User("marketplace", "M1");
        var buyer = FunctionsTestApp.User("buyer", "B1");
        var seller = FunctionsTestApp.User("seller", "S1");

        var request = App.Request("POST", "/api/orders", marketplace, OrderJson(orderId, DateTimeOffset.UtcNow));
        var placed = await FunctionsTestApp.RunAsync(request, await OrderFunctions.PlaceOrder(request, durable.Object));
        Assert.Equal(201, placed.Status);
        Assert.Equal($"/api/orders/{orderId}", placed.Headers.Location.ToString());
        durable.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == OrderOrchestration.Name), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == orderId), It.IsAny<CancellationToken>()));

        request = App.Request("GET", $"/api/orders/{orderId}", buyer);
        var got = await FunctionsTestApp.RunAsync(request, await OrderFunctions.GetOrder(request, orderId, durable.Object));
        Assert.Equal(200, got.Status);
        Assert.Equal(orderId, got.Json.GetProperty("orderId").GetString());
        Assert.Equal("Pending", got.Json.GetProperty("orderStatus").GetString());
        Assert.False(string.IsNullOrEmpty(got.Headers.ETag));

        request = App.Request("GET", $"/api/orders/{orderId}", FunctionsTestApp.User("buyer", "B2"));
        Assert.Equal(404, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.GetOrder(request, orderId, durable.Object))).Status);

        request = App.Request("POST", $"/api/orders/{orderId}/payment", marketplace, """{"status":"Verified"}""");
        var paid = await FunctionsTestApp.RunAsync(request, await OrderFunctions.ReportPayment(request, orderId, durable.Object));
        Assert.Equal(200, paid.Status);
        Assert.Equal("Unshipped", paid.Json.GetProperty("order").GetProperty("orderStatus").GetString());

        request = App.Request("POST", $"/api/orders/{orderId}/cancel", seller, """{"reason":"NoInventory","lines":[{"lineId":"L2","quantity":1}]}""");
        var canceled = await FunctionsTestApp.RunAsync(request, await OrderFunctions.CancelOrder(request, orderId, durable.Object));
        Assert.Equal(200, canceled.Status);
        Assert.Equal("PartiallyCanceled", canceled.Json.GetProperty("outcome").GetString());

        request = App.Request("POST", $"/api/orders/{orderId}/shipping-label", seller, """{"action":"Purchased"}""");
        var labelled = await FunctionsTestApp.RunAsync(request, await OrderFunctions.ReportShippingLabel(request, orderId, durable.Object));
        Assert.Equal(200, labelled.Status);
        Assert.True(labelled.Json.GetProperty("order").GetProperty("shippingLabelPurchased").GetBoolean());

        request = App.Request("POST", $"/api/orders/{orderId}/shipments", seller, """{"lines":[{"lineId":"L1","quantity":2}],"carrier":"UPS","trackingId":"1Z9"}""");
        var shipped = await FunctionsTestApp.RunAsync(request, await OrderFunctions.ConfirmShipment(request, orderId, durable.Object));
        Assert.Equal(200, shipped.Status);
        Assert.Equal("Shipped", shipped.Json.GetProperty("order").GetProperty("orderStatus").GetString());

        // Refusals come from the decider, for this order and this caller: a Merchant order has no fulfillment stage,
        // and there is no buyer request to decline.
        request = App.Request("POST", $"/api/orders/{orderId}/fulfillment-stage", marketplace, """{"stage":"Planning"}""");
        var staged = await FunctionsTestApp.RunAsync(request, await OrderFunctions.ChangeFulfillmentStage(request, orderId, durable.Object));
        Assert.Equal(409, staged.Status);
        Assert.Equal("not-amazon-fulfilled", staged.Json.GetProperty("code").GetString());

        request = App.Request("POST", $"/api/orders/{orderId}/cancellation-request/decline", seller, """{"message":"Already packed"}""");
        var declined = await FunctionsTestApp.RunAsync(request, await OrderFunctions.DeclineCancellationRequest(request, orderId, durable.Object));
        Assert.Equal(409, declined.Status);
        Assert.Equal("application/problem+json", declined.Headers.ContentType.ToString());

        durable.Client.Verify(c => c.RaiseEventAsync(orderId, OrderOrchestration.CommandEvent, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(6));

        // The placement's answer, by its command id (the placing caller's).
        var placeCommand = durable.Snapshot(orderId)!.Commands[0].CommandId;
        request = App.Request("GET", $"/api/orders/{orderId}/commands/{placeCommand}", marketplace);
        var outcome = await FunctionsTestApp.RunAsync(request, await OrderFunctions.GetCommandOutcome(request, orderId, placeCommand, durable.Object));
        Assert.True(outcome.Status is 200 or 201, outcome.ToString());

        request = App.Request("GET", $"/api/orders/{orderId}/history", buyer);
        var history = await FunctionsTestApp.RunAsync(request, await OrderFunctions.GetOrderHistory(request, orderId, durable.Object));
        Assert.Equal(200, history.Status);
        Assert.Equal(orderId, history.Json.GetProperty("orderId").GetString());

        request = App.Request("GET", $"/api/orders/{orderId}/notifications", buyer);
        var notifications = await FunctionsTestApp.RunAsync(request, await OrderFunctions.GetOrderNotifications(request, orderId, durable.Object));
        Assert.Equal(200, notifications.Status);
        Assert.Equal(orderId, notifications.Json.GetProperty("orderId").GetString());

        request = App.Request("GET", $"/runtime/instances/{orderId}", FunctionsTestApp.User("support", "U1"));
        var status = await FunctionsTestApp.RunAsync(request, await OperatorFunctions.GetInstanceStatus(request, orderId, durable.Object));
        Assert.Equal(200, status.Status);
        Assert.Equal(OrderOrchestration.Name, status.Json.GetProperty("name").GetString());
        Assert.Equal("Running", status.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal(orderId, status.Json.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task A_buyer_cancels_in_the_window_with_the_body_and_idempotency_key_it_sent()
    {
        var durable = new FakeOrderOrchestrations();
        var orderId = NewOrderId();
        var request = App.Request("POST", "/api/orders", FunctionsTestApp.User("marketplace", "M1"), OrderJson(orderId, DateTimeOffset.UtcNow));
        Assert.Equal(201, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.PlaceOrder(request, durable.Object))).Status);

        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "cancel-1" };
        request = App.Request("POST", $"/api/orders/{orderId}/cancel", FunctionsTestApp.User("buyer", "B1"), """{"reason":"Ordered by mistake"}""", headers: headers);
        var first = await FunctionsTestApp.RunAsync(request, await OrderFunctions.CancelOrder(request, orderId, durable.Object));
        Assert.Equal(200, first.Status);
        Assert.Equal("Canceled", first.Json.GetProperty("outcome").GetString());

        request = App.Request("POST", $"/api/orders/{orderId}/cancel", FunctionsTestApp.User("buyer", "B1"), """{"reason":"Ordered by mistake"}""", headers: headers);
        var repeat = await FunctionsTestApp.RunAsync(request, await OrderFunctions.CancelOrder(request, orderId, durable.Object));
        Assert.Equal(first.Body, repeat.Body);

        request = App.Request("POST", $"/api/orders/{orderId}/cancel", FunctionsTestApp.User("buyer", "B1"), """{"reason":"Found it cheaper"}""", headers: headers);
        Assert.Equal(422, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.CancelOrder(request, orderId, durable.Object))).Status);
    }

    [Fact]
    public async Task Lists_and_the_cancellation_rate_read_the_read_model_without_a_durable_client()
    {
        // No [DurableClient] on these: the shared code must not ask for one (BindingDurableClient would throw).
        var request = App.Request("GET", "/api/orders", FunctionsTestApp.User("seller", "S1"), query: "?status=Unshipped&pageSize=10");
        var page = await FunctionsTestApp.RunAsync(request, await OrderFunctions.ListOrders(request));
        Assert.Equal(200, page.Status);
        Assert.Equal(JsonValueKind.Array, page.Json.GetProperty("orders").ValueKind);

        request = App.Request("GET", "/api/orders", FunctionsTestApp.User("seller", "S1"), query: "?sellerId=S2");
        Assert.Equal(403, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.ListOrders(request))).Status);

        request = App.Request("GET", "/api/orders", FunctionsTestApp.User("seller", "S1"), query: "?status=Nonsense");
        Assert.Equal(400, (await FunctionsTestApp.RunAsync(request, await OrderFunctions.ListOrders(request))).Status);

        request = App.Request("GET", "/api/sellers/S1/metrics/cancellation-rate", FunctionsTestApp.User("seller", "S1"), query: "?marketplaceId=ATVPDKIKX0DER");
        var rate = await FunctionsTestApp.RunAsync(request, await OperatorFunctions.GetCancellationRate(request, "S1"));
        Assert.Equal(200, rate.Status);
        Assert.Equal("S1", rate.Json.GetProperty("sellerId").GetString());

        request = App.Request("GET", "/api/sellers/S2/metrics/cancellation-rate", FunctionsTestApp.User("seller", "S1"));
        Assert.Equal(403, (await FunctionsTestApp.RunAsync(request, await OperatorFunctions.GetCancellationRate(request, "S2"))).Status);
    }

    [Fact]
    public async Task The_runtime_status_of_an_unknown_instance_is_404()
    {
        var durable = new FakeOrderOrchestrations();
        var request = App.Request("GET", "/runtime/instances/nope", FunctionsTestApp.User("marketplace", "M1"));
        var answer = await FunctionsTestApp.RunAsync(request, await OperatorFunctions.GetInstanceStatus(request, "nope", durable.Object));
        Assert.Equal(404, answer.Status);
        durable.Client.Verify(c => c.GetInstanceAsync("nope", true, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Subscriptions_are_created_listed_read_and_deleted_for_their_owner()
    {
        var seller = FunctionsTestApp.User("seller", "S-subs");
        var request = App.Request("POST", "/api/subscriptions", seller, """{"url":"https://93.184.215.14/orders","secret":"0123456789abcdef0123","events":["OrderStatusChange"]}""");
        var created = await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.CreateSubscription(request));
        Assert.Equal(201, created.Status);
        var id = created.Json.GetProperty("subscriptionId").GetString()!;
        Assert.Equal($"/api/subscriptions/{id}", created.Headers.Location.ToString());
        Assert.Equal("S-subs", created.Json.GetProperty("sellerId").GetString());

        request = App.Request("GET", "/api/subscriptions", seller);
        var list = await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.ListSubscriptions(request));
        Assert.Equal(id, Assert.Single(list.Json.GetProperty("subscriptions").EnumerateArray()).GetProperty("subscriptionId").GetString());

        request = App.Request("GET", $"/api/subscriptions/{id}", FunctionsTestApp.User("seller", "someone-else"));
        Assert.Equal(404, (await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.GetSubscription(request, id))).Status);

        request = App.Request("GET", $"/api/subscriptions/{id}", seller);
        Assert.Equal(200, (await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.GetSubscription(request, id))).Status);

        request = App.Request("DELETE", $"/api/subscriptions/{id}", seller);
        Assert.Equal(204, (await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.DeleteSubscription(request, id))).Status);

        request = App.Request("GET", $"/api/subscriptions/{id}", seller);
        Assert.Equal(404, (await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.GetSubscription(request, id))).Status);
    }

    [Fact]
    public async Task A_feed_is_submitted_with_its_query_and_body_and_read_back_by_its_seller()
    {
        var seller = FunctionsTestApp.User("seller", "S-feeds");
        var request = App.Request("POST", "/api/feeds", seller, """{"messages":[]}""", query: "?feedType=NOT_A_FEED");
        var refused = await FunctionsTestApp.RunAsync(request, await FeedFunctions.SubmitFeed(request));
        Assert.Equal(400, refused.Status);
        Assert.True(refused.Json.GetProperty("errors").TryGetProperty("feedType", out _), refused.Body);

        request = App.Request("POST", "/api/feeds", seller, """{"messages":[{"messageId":1,"orderId":"999-0000000-0000000","reason":"NoInventory"}]}""", query: "?feedType=JSON_ORDER_CANCELLATION");
        var accepted = await FunctionsTestApp.RunAsync(request, await FeedFunctions.SubmitFeed(request));
        Assert.Equal(202, accepted.Status);
        var feedId = accepted.Json.GetProperty("feedId").GetString()!;
        Assert.Equal($"/api/feeds/{feedId}", accepted.Headers.Location.ToString());

        request = App.Request("GET", $"/api/feeds/{feedId}", seller);
        var feed = await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeed(request, feedId));
        Assert.Equal(200, feed.Status);
        Assert.Equal("JSON_ORDER_CANCELLATION", feed.Json.GetProperty("feedType").GetString());

        request = App.Request("GET", $"/api/feeds/{feedId}", FunctionsTestApp.User("seller", "S-other"));
        Assert.Equal(404, (await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeed(request, feedId))).Status);

        request = App.Request("GET", $"/api/feeds/{feedId}/report", seller, headers: new Dictionary<string, string> { ["Accept"] = "application/json" });
        var report = await FunctionsTestApp.RunAsync(request, await FeedFunctions.GetFeedReport(request, feedId));
        Assert.Equal(200, report.Status);
        Assert.StartsWith("application/json", report.Headers.ContentType.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_as_the_standalone_hosts_health_checks()
    {
        var request = App.Request("GET", "/health/live");
        var live = await FunctionsTestApp.RunAsync(request, HostingFunctions.HealthLive(request));
        Assert.Equal(200, live.Status);
        Assert.Equal("Healthy", live.Body);

        request = App.Request("GET", "/health/ready");
        var ready = await FunctionsTestApp.RunAsync(request, HostingFunctions.HealthReady(request));
        Assert.Equal(200, ready.Status);
        Assert.Equal("Healthy", ready.Body);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_shared_endpoints()
    {
        var request = App.Request("GET", "/openapi/v1.json");
        var document = await FunctionsTestApp.RunAsync(request, await HostingFunctions.GetOpenApiDocument(request, "v1"));
        Assert.Equal(200, document.Status);
        var paths = document.Json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/orders/{orderId}/cancel", out var cancel), document.Body[..Math.Min(500, document.Body.Length)]);
        Assert.True(cancel.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/feeds", out _));

        request = App.Request("GET", "/openapi/v2.json");
        Assert.Equal(404, (await FunctionsTestApp.RunAsync(request, await HostingFunctions.GetOpenApiDocument(request, "v2"))).Status);
    }

    private static string NewOrderId() => $"111-{Random.Shared.Next(1_000_000, 9_999_999)}-{Random.Shared.Next(1_000_000, 9_999_999)}";

    private static string OrderJson(string orderId, DateTimeOffset purchaseDate) => JsonSerializer.Serialize(new
    {
        orderId,
        marketplaceId = "ATVPDKIKX0DER",
        buyerId = "B1",
        sellerId = "S1",
        fulfillmentChannel = "Merchant",
        purchaseDate,
        latestShipDate = purchaseDate.AddDays(3),
        lines = new object[]
        {
            new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10m, currencyCode = "USD" } },
            new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 5m, currencyCode = "USD" } },
        },
    }, Web);
}
