using System.Net;
using System.Text.Json;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>
/// ORDER_CHANGE events to webhook subscribers end to end: subscriptions and orders through the API, the workflow
/// preparing each change and delivering it per subscription with retries. A local receiver stands in for the subscribers.
/// Each test places and pays its order before subscribing, so the payment's own ORDER_CHANGE goes to nobody.
/// </summary>
public sealed class OrderChangeDeliveryTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_status_change_reaches_the_orders_seller_and_the_marketplace_signed_with_their_secret(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(store);
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1");
        var s1 = await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("s1"), "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Seller("S2"), receiver.Url("s2"), "OrderStatusChange", "BuyerRequestedChange");
        var all = await SubscriptionApi.SubscribeAsync(host.Marketplace(), receiver.Url("all"), "BuyerRequestedChange", "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Marketplace(), receiver.Url("requests-only"), "BuyerRequestedChange");

        var answer = await host.SellerCancelsAsync(orderId);
        await host.WaitForCompletedAsync(orderId);

        Assert.Empty(receiver.Received("s2"));
        Assert.Empty(receiver.Received("requests-only"));
        var notice = Assert.Single(
            await host.Notices.ListForOrderAsync(orderId, default),
            n => n.Recipient == NoticeRecipients.Subscribers && n.Subject == "ORDER_CHANGE OrderStatusChange: Canceled");
        Assert.Equal("OrderStatusChange", notice.Kind);
        var canceledAt = answer.GetProperty("order").GetProperty("cancellations")[0].GetProperty("at").GetDateTimeOffset();
        foreach (var (path, subscriptionId) in new[] { ("s1", s1), ("all", all) })
        {
            var delivery = Assert.Single(receiver.Received(path));
            Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, delivery.Body, delivery.Header("X-Signature"), DateTimeOffset.UtcNow), path);
            Assert.False(WebhookSignature.Verify("another-secret-of-24-chars", delivery.Body, delivery.Header("X-Signature"), DateTimeOffset.UtcNow));
            Assert.Equal($"{notice.NotificationId}:{subscriptionId}", delivery.Header("Idempotency-Key"));
            Assert.StartsWith("application/json", delivery.Header("Content-Type"), StringComparison.Ordinal);

            using var json = JsonDocument.Parse(delivery.Body);
            var root = json.RootElement;
            Assert.Equal("ORDER_CHANGE", root.GetProperty("NotificationType").GetString());
            var change = root.GetProperty("Payload").GetProperty("OrderChangeNotification");
            Assert.Equal("S1", change.GetProperty("SellerId").GetString());
            Assert.Equal(orderId, change.GetProperty("AmazonOrderId").GetString());
            Assert.Equal("OrderStatusChange", change.GetProperty("OrderChangeType").GetString());
            Assert.Equal("LinesCanceled", change.GetProperty("OrderChangeTrigger").GetProperty("ChangeReason").GetString());
            Assert.Equal(canceledAt, change.GetProperty("OrderChangeTrigger").GetProperty("TimeOfOrderChange").GetDateTimeOffset());
            Assert.EndsWith("Z", change.GetProperty("OrderChangeTrigger").GetProperty("TimeOfOrderChange").GetString(), StringComparison.Ordinal);
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

        Assert.Equal(
            new[] { s1, all }.Order(StringComparer.Ordinal),
            (await host.Deliveries.DeliveredAsync(notice.NotificationId, default)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_buyer_request_reaches_only_subscriptions_that_asked_for_buyer_requested_changes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1", purchasedAgo: TimeSpan.FromHours(1));
        await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("status-only"), "OrderStatusChange");
        await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("requests"), "BuyerRequestedChange");

        await host.BuyerCancelsAsync(orderId);
        await host.WaitForQuietAsync(orderId);

        Assert.Empty(receiver.Received("status-only"));
        using var json = JsonDocument.Parse(Assert.Single(receiver.Received("requests")).Body);
        var change = json.RootElement.GetProperty("Payload").GetProperty("OrderChangeNotification");
        Assert.Equal("BuyerRequestedChange", change.GetProperty("OrderChangeType").GetString());
        Assert.Equal("Buyer Requested Cancel", change.GetProperty("OrderChangeTrigger").GetProperty("ChangeReason").GetString());
        Assert.All(change.GetProperty("Summary").GetProperty("OrderItems").EnumerateArray(), i => Assert.True(i.GetProperty("IsBuyerRequestedCancel").GetBoolean()));
    }

    [Fact]
    public async Task A_failing_subscriber_is_retried_and_healthy_ones_receive_the_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("flaky", times: 2);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1");
        var healthy = await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("healthy"), "OrderStatusChange");
        var flakyId = await SubscriptionApi.SubscribeAsync(host.Marketplace(), receiver.Url("flaky"), "OrderStatusChange");

        await host.SellerCancelsAsync(orderId);
        await host.WaitForCompletedAsync(orderId);

        Assert.True(Assert.Single(receiver.Received("healthy")).Succeeded);
        var flaky = receiver.Received("flaky");
        Assert.Equal([503, 503, 200], flaky.Select(r => r.StatusReturned));
        Assert.Single(flaky.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(flaky.Select(r => r.Text).Distinct());
        Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, flaky[^1].Body, flaky[^1].Header("X-Signature"), DateTimeOffset.UtcNow));
        var notificationId = flaky[0].Header("Idempotency-Key")![..^(flakyId.Length + 1)];
        Assert.Equal(
            new[] { healthy, flakyId }.Order(StringComparer.Ordinal),
            (await host.Deliveries.DeliveredAsync(notificationId, default)).Order(StringComparer.Ordinal));
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }

    [Fact]
    public async Task A_subscriber_that_never_answers_2xx_gets_every_attempt_and_the_failure_is_recorded_on_the_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailAlways("broken");
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite);
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1");
        await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("healthy"), "OrderStatusChange");
        var broken = await SubscriptionApi.SubscribeAsync(host.Marketplace(), receiver.Url("broken"), "OrderStatusChange");

        await host.SellerCancelsAsync(orderId);
        var failed = Assert.Single(await host.WaitForFailedEffectsAsync(orderId));

        Assert.Equal("PublishOrderChange", failed.GetProperty("data").GetProperty("name").GetString());
        Assert.Contains(broken, failed.GetProperty("data").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ActivityHost.MaxAttempts, receiver.Received("broken").Count);
        Assert.Single(receiver.Received("healthy"));
        await host.WaitForCompletedAsync(orderId);
        Assert.Equal(ActivityHost.MaxAttempts, receiver.Received("broken").Count);
    }

    [Fact]
    public async Task A_deleted_subscription_is_not_retried_and_a_later_one_does_not_get_earlier_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailAlways("deleted", status: 503);
        // Retries far enough apart for the test to delete the subscription between two of them, and enough of them.
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?>
        {
            ["Workflow:EffectMaxAttempts"] = "10",
            ["Workflow:EffectFirstRetryInterval"] = "00:00:02",
            ["Workflow:EffectBackoffCoefficient"] = "1",
            ["Workflow:EffectMaxRetryInterval"] = "00:00:02",
        });
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1");
        var seller = host.Seller("S1");
        var deleted = await SubscriptionApi.SubscribeAsync(seller, receiver.Url("deleted"), "OrderStatusChange");

        await host.SellerCancelsAsync(orderId);
        await Eventually.UntilAsync(() => receiver.Received("deleted").Count >= 1, "the first delivery attempt");
        using (var response = await seller.DeleteAsync(new Uri($"/api/subscriptions/{deleted}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var attemptsBeforeDeletion = receiver.Received("deleted").Count;
        await SubscriptionApi.SubscribeAsync(seller, receiver.Url("later"), "OrderStatusChange");
        await host.WaitForCompletedAsync(orderId);

        Assert.Equal(attemptsBeforeDeletion, receiver.Received("deleted").Count);
        Assert.Empty(receiver.Received("later"));
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }

    [Fact]
    public async Task A_subscriber_slower_than_the_timeout_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.SlowNext("slow", times: 1, TimeSpan.FromSeconds(10));
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Webhooks:Timeout"] = "00:00:00.300" });
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S1");
        await SubscriptionApi.SubscribeAsync(host.Seller("S1"), receiver.Url("slow"), "OrderStatusChange");

        await host.SellerCancelsAsync(orderId);
        await host.WaitForCompletedAsync(orderId);

        await Eventually.UntilAsync(() => receiver.Received("slow").Count == 2, "the timed-out request to be recorded");
        Assert.Equal([200, 408], receiver.Received("slow").Select(r => r.StatusReturned).Order());
        Assert.Single(receiver.Received("slow").Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }
}
