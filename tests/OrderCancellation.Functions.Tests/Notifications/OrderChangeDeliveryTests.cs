using System.Text.Json;
using OrderCancellation.Functions.Notifications;
using OrderCancellation.Functions.Tests.Activities.Support;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Notifications;

/// <summary>ORDER_CHANGE events to webhook subscribers; a local receiver stands in for them.</summary>
public sealed class OrderChangeDeliveryTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_status_change_reaches_the_orders_seller_and_the_marketplace_signed_with_their_secret(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(store);
        var s1 = await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("s1"), "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S2"), receiver.Url("s2"), "OrderStatusChange", "BuyerRequestedChange");
        var all = await SubscriptionApi.SubscribeAsync(host.Host.As("marketplace", "amazon"), receiver.Url("all"), "BuyerRequestedChange", "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Host.As("marketplace", "amazon"), receiver.Url("requests-only"), "BuyerRequestedChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities);
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        Assert.Empty(receiver.Received("s2"));
        Assert.Empty(receiver.Received("requests-only"));
        var notice = Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default), n => n.Recipient == "subscribers");
        Assert.Equal("OrderStatusChange", notice.Kind);
        foreach (var (path, subscriptionId) in new[] { ("s1", s1), ("all", all) })
        {
            var delivery = Assert.Single(receiver.Received(path));
            Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, delivery.Body, delivery.Header("X-Signature")), path);
            Assert.False(WebhookSignature.Verify("another-secret-of-24-chars", delivery.Body, delivery.Header("X-Signature")));
            Assert.Equal($"{notice.NotificationId}:{subscriptionId}", delivery.Header("Idempotency-Key"));
            Assert.StartsWith("application/json", delivery.Header("Content-Type"), StringComparison.Ordinal);

            using var json = JsonDocument.Parse(delivery.Body);
            var root = json.RootElement;
            Assert.Equal("ORDER_CHANGE", root.GetProperty("NotificationType").GetString());
            var change = root.GetProperty("Payload").GetProperty("OrderChangeNotification");
            Assert.Equal("S1", change.GetProperty("SellerId").GetString());
            Assert.Equal(order.OrderId, change.GetProperty("AmazonOrderId").GetString());
            Assert.Equal("OrderStatusChange", change.GetProperty("OrderChangeType").GetString());
            Assert.Equal("LinesCanceled", change.GetProperty("OrderChangeTrigger").GetProperty("ChangeReason").GetString());
            Assert.Equal("2026-03-02T11:00:00Z", change.GetProperty("OrderChangeTrigger").GetProperty("TimeOfOrderChange").GetString());
            var summary = change.GetProperty("Summary");
            Assert.Equal(OrderScenario.Marketplace, summary.GetProperty("MarketplaceId").GetString());
            Assert.Equal("Canceled", summary.GetProperty("OrderStatus").GetString());
            Assert.Equal("MFN", summary.GetProperty("FulfillmentType").GetString());
            Assert.Equal(["Canceled", "Canceled"], summary.GetProperty("OrderItems").EnumerateArray().Select(i => i.GetProperty("OrderItemStatus").GetString()));
            var metadata = root.GetProperty("NotificationMetadata");
            Assert.Equal(subscriptionId, metadata.GetProperty("SubscriptionId").GetString());
            Assert.Equal(notice.NotificationId, metadata.GetProperty("NotificationId").GetString());
            Assert.Equal(notice.CreatedAt, metadata.GetProperty("PublishTime").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task A_buyer_request_reaches_only_subscriptions_that_asked_for_buyer_requested_changes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("status-only"), "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("requests"), "BuyerRequestedChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (requested, activities) = OrderScenario.BuyerRequests(order);

        await host.PutOrderAsync(requested, activities);
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        Assert.Empty(receiver.Received("status-only"));
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received("requests")).Body);
        var change = json.RootElement.GetProperty("Payload").GetProperty("OrderChangeNotification");
        Assert.Equal("BuyerRequestedChange", change.GetProperty("OrderChangeType").GetString());
        Assert.Equal("Buyer Requested Cancel", change.GetProperty("OrderChangeTrigger").GetProperty("ChangeReason").GetString());
        Assert.All(change.GetProperty("Summary").GetProperty("OrderItems").EnumerateArray(), i => Assert.True(i.GetProperty("IsBuyerRequestedCancel").GetBoolean()));
    }

    [Fact]
    public async Task A_failing_subscriber_is_retried_with_backoff_and_healthy_ones_receive_the_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("flaky", times: 2);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("healthy"), "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Host.As("marketplace", "amazon"), receiver.Url("flaky"), "OrderStatusChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities.OfType<Domain.Effects.Activity.PublishOrderChange>());
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        Assert.True(Assert.Single(receiver.Received("healthy")).Succeeded);
        var flaky = receiver.Received("flaky");
        Assert.Equal([503, 503, 200], flaky.Select(r => r.StatusReturned));
        Assert.Single(flaky.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(flaky.Select(r => r.Text).Distinct());
        Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, flaky[^1].Body, flaky[^1].Header("X-Signature")));
        Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default));
    }

    [Fact]
    public async Task A_subscriber_that_never_answers_2xx_makes_the_activity_dead_after_the_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailAlways("broken");
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("healthy"), "OrderStatusChange");
        var broken = await SubscriptionApi.SubscribeAsync(host.Host.As("marketplace", "amazon"), receiver.Url("broken"), "OrderStatusChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities.OfType<Domain.Effects.Activity.PublishOrderChange>());
        var left = await host.WaitForActivitiesAsync(order.OrderId);

        var dead = Assert.Single(left);
        Assert.Equal(("PublishOrderChange", "Dead", ActivityHost.MaxAttempts), (dead.Name, dead.State, dead.Attempts));
        Assert.Contains(broken, dead.LastError, StringComparison.Ordinal);
        Assert.Equal(ActivityHost.MaxAttempts, receiver.Received("broken").Count);
        Assert.Single(receiver.Received("healthy"));
    }

    [Fact]
    public async Task A_deleted_subscription_is_not_retried_and_a_later_one_does_not_get_earlier_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("deleted", times: 1000);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Durable:ActivityRetryBaseDelay"] = "00:00:00.400", ["Durable:ActivityRetryMaxDelay"] = "00:00:00.400" });
        var seller = host.Host.As("seller", "S1");
        var deleted = await SubscriptionApi.SubscribeAsync(seller, receiver.Url("deleted"), "OrderStatusChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities.OfType<Domain.Effects.Activity.PublishOrderChange>());
        await WaitUntilAsync(() => receiver.Received("deleted").Count >= 1);
        using (var response = await seller.DeleteAsync(new Uri($"/api/subscriptions/{deleted}", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        }

        await SubscriptionApi.SubscribeAsync(seller, receiver.Url("later"), "OrderStatusChange");
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        Assert.Single(receiver.Received("deleted"));
        Assert.Empty(receiver.Received("later"));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_redelivered_order_change_is_stored_once_and_not_posted_again_to_subscribers_that_took_it(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(store);
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("s1"), "OrderStatusChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);
        await host.PutOrderAsync(canceled);
        var change = activities.OfType<Domain.Effects.Activity.PublishOrderChange>().Single();
        var context = new Durable.Activities.ActivityContext("change-1", order.OrderId, change.Name, Functions.Activities.ActivityPayload.Serialize(change), 1);
        var handler = host.Handler("PublishOrderChange");

        await handler.ExecuteAsync(context, default);
        await handler.ExecuteAsync(context with { Attempt = 2 }, default);

        var notice = Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default));
        Assert.Equal(("change-1", "OrderStatusChange", "subscribers"), (notice.NotificationId, notice.Kind, notice.Recipient));
        Assert.Contains("\"NotificationType\":\"ORDER_CHANGE\"", notice.Body, StringComparison.Ordinal);
        Assert.StartsWith("change-1:", Assert.Single(receiver.Received("s1")).Header("Idempotency-Key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscriber_slower_than_the_timeout_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.SlowNext("slow", times: 1, TimeSpan.FromSeconds(10));
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Webhooks:Timeout"] = "00:00:00.300" });
        await SubscriptionApi.SubscribeAsync(host.Host.As("seller", "S1"), receiver.Url("slow"), "OrderStatusChange");
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1");
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities.OfType<Domain.Effects.Activity.PublishOrderChange>());
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        await WaitUntilAsync(() => receiver.Received("slow").Count == 2);
        Assert.Equal([200, 408], receiver.Received("slow").Select(r => r.StatusReturned).Order());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(10);
        }
    }
}
