using System.Text.Json;
using System.Text.Json.Nodes;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>
/// The ORDER_CHANGE port (<see cref="IOrderChangePublisher"/>) on the app's notifications, subscriptions and deliveries,
/// over a real store: Prepare as the first activity of a publication runs it, Deliver as each subscription's activity does,
/// again as a retry does. A local receiver stands in for the subscribers.
/// </summary>
public sealed class OrderChangePortTests
{
    private const string Secret = SubscriptionApi.Secret;

    /// <summary>When the change was decided, in whole milliseconds as the store keeps times.</summary>
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static readonly Actor S1 = Actor.Seller("S1");
    private static readonly Actor Amazon = Actor.Marketplace("amazon");

    /// <summary>S1 cancels its paid order: the ORDER_CHANGE (OrderStatusChange to Canceled) the workflow publishes for it.</summary>
    private static OrderChange SellerCancel(string? orderId = null)
    {
        var (canceled, activities) = OrderScenario.SellerCancels(OrderScenario.PaidOrder(orderId ?? OrderScenario.NewOrderId(), sellerId: "S1"));
        return new OrderChange($"{canceled.OrderId}:3:3", canceled, 3, activities.OfType<Activity.PublishOrderChange>().Single(), At);
    }

    private static async Task<string> SubscribeAsync(PortHost ports, Actor owner, Uri url, DateTimeOffset createdAt, params OrderChangeType[] events)
    {
        var id = $"sub-{Guid.NewGuid():N}";
        var created = await ports.Subscriptions.CreateAsync(new WebhookSubscription(id, owner, url, events, createdAt), Secret, null, null, default);
        Assert.NotNull(created);
        Assert.True(created.Created);
        return created.Subscription.SubscriptionId;
    }

    private static OrderChangeDelivery DeliveryOf(OrderChange change, string subscriptionId) =>
        new($"{change.NotificationId}:{subscriptionId}", change.NotificationId, change.Order.OrderId, subscriptionId);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Prepare_stores_the_notification_once_and_answers_the_subscriptions_that_existed_and_asked_for_it(StoreKind store)
    {
        await using var ports = await PortHost.StartAsync(store);
        var url = new Uri("http://127.0.0.1:9/hook");
        var sellers = await SubscribeAsync(ports, S1, url, At.AddMinutes(-3), OrderChangeType.OrderStatusChange);
        await SubscribeAsync(ports, S1, url, At.AddMinutes(-3), OrderChangeType.BuyerRequestedChange);
        await SubscribeAsync(ports, Actor.Seller("S2"), url, At.AddMinutes(-3), OrderChangeType.OrderStatusChange, OrderChangeType.BuyerRequestedChange);
        var marketplace = await SubscribeAsync(ports, Amazon, url, At.AddMinutes(-2), OrderChangeType.BuyerRequestedChange, OrderChangeType.OrderStatusChange);
        await SubscribeAsync(ports, Amazon, url, At.AddMinutes(-2), OrderChangeType.BuyerRequestedChange);
        await SubscribeAsync(ports, S1, url, At.AddSeconds(1), OrderChangeType.OrderStatusChange);
        var change = SellerCancel();

        var first = await ports.OrderChanges.PrepareAsync(change, default);
        var stored = await ports.Notices.FindAsync(change.NotificationId, default);
        await SubscribeAsync(ports, Amazon, url, At.AddMinutes(1), OrderChangeType.OrderStatusChange);
        // Run again (a retry, or the next generation resuming it with the order as it stands then): the same answer, the first body.
        var again = await ports.OrderChanges.PrepareAsync(change with { Order = change.Order with { ShippingLabelPurchased = true }, At = At.AddMinutes(2) }, default);

        Assert.Equal([sellers, marketplace], first);
        Assert.Equal(first, again);
        var notice = Assert.Single(await ports.Notices.ListForOrderAsync(change.Order.OrderId, default));
        Assert.Equal(stored, notice);
        Assert.Equal(
            (change.NotificationId, "OrderStatusChange", NoticeRecipients.Subscribers, "ORDER_CHANGE OrderStatusChange: Canceled", At),
            (notice.NotificationId, notice.Kind, notice.Recipient, notice.Subject, notice.CreatedAt));
        using var json = JsonDocument.Parse(notice.Body);
        Assert.Equal("ORDER_CHANGE", json.RootElement.GetProperty("NotificationType").GetString());
        Assert.Equal(change.NotificationId, json.RootElement.GetProperty("NotificationMetadata").GetProperty("NotificationId").GetString());
        Assert.Equal(At, json.RootElement.GetProperty("NotificationMetadata").GetProperty("PublishTime").GetDateTimeOffset());
        Assert.Equal(change.Order.OrderId, json.RootElement.GetProperty("Payload").GetProperty("OrderChangeNotification").GetProperty("AmazonOrderId").GetString());
    }

    [Fact]
    public async Task Prepare_answers_no_subscription_when_none_matches_and_still_stores_the_notification()
    {
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite);
        var change = SellerCancel();

        Assert.Empty(await ports.OrderChanges.PrepareAsync(change, default));

        Assert.Equal(change.NotificationId, Assert.Single(await ports.Notices.ListForOrderAsync(change.Order.OrderId, default)).NotificationId);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Deliver_posts_the_signed_notification_with_its_idempotency_key_records_it_and_skips_it_next_time(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(store);
        var subscription = await SubscribeAsync(ports, S1, receiver.Url("s1"), At.AddMinutes(-1), OrderChangeType.OrderStatusChange);
        var change = SellerCancel();
        Assert.Equal([subscription], await ports.OrderChanges.PrepareAsync(change, default));

        await ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default);
        await ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default);

        var delivery = Assert.Single(receiver.Received("s1"));
        Assert.True(WebhookSignature.Verify(Secret, delivery.Body, delivery.Header("X-Signature"), DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify("another-secret-of-24-chars", delivery.Body, delivery.Header("X-Signature"), DateTimeOffset.UtcNow));
        Assert.Equal($"{change.NotificationId}:{subscription}", delivery.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", delivery.Header("Content-Type"), StringComparison.Ordinal);
        var body = JsonNode.Parse(delivery.Text)!.AsObject();
        Assert.Equal(subscription, body["NotificationMetadata"]!["SubscriptionId"]!.GetValue<string>());
        // Apart from its subscription id, what the subscriber gets is the stored notification.
        body["NotificationMetadata"]!.AsObject().Remove("SubscriptionId");
        var stored = (await ports.Notices.FindAsync(change.NotificationId, default))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored.Body), body), delivery.Text);
        Assert.Equal([subscription], await ports.Deliveries.DeliveredAsync(change.NotificationId, default));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Deliver_throws_on_a_non_2xx_answer_and_the_retry_posts_the_same_message_again(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("flaky", times: 1, status: 503);
        await using var ports = await PortHost.StartAsync(store);
        var subscription = await SubscribeAsync(ports, Amazon, receiver.Url("flaky"), At.AddMinutes(-1), OrderChangeType.OrderStatusChange);
        var change = SellerCancel();
        await ports.OrderChanges.PrepareAsync(change, default);

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default));
        Assert.Contains(subscription, error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ports.Deliveries.DeliveredAsync(change.NotificationId, default));

        await ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default);

        var posts = receiver.Received("flaky");
        Assert.Equal([503, 200], posts.Select(p => p.StatusReturned));
        Assert.Single(posts.Select(p => p.Header("Idempotency-Key")).Distinct());
        Assert.Single(posts.Select(p => p.Text).Distinct());
        // Each attempt is signed when it is sent (its own timestamp), so a retry outlasting the receiver's tolerance still verifies.
        Assert.All(posts, p => Assert.True(WebhookSignature.Verify(Secret, p.Body, p.Header("X-Signature"), DateTimeOffset.UtcNow)));
        Assert.Equal([subscription], await ports.Deliveries.DeliveredAsync(change.NotificationId, default));
    }

    [Fact]
    public async Task Deliver_throws_when_the_subscriber_does_not_answer_in_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.SlowNext("slow", times: 1, TimeSpan.FromSeconds(30));
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Webhooks:Timeout"] = "00:00:00.300" });
        var subscription = await SubscribeAsync(ports, S1, receiver.Url("slow"), At.AddMinutes(-1), OrderChangeType.OrderStatusChange);
        var change = SellerCancel();
        await ports.OrderChanges.PrepareAsync(change, default);

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default));

        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ports.Deliveries.DeliveredAsync(change.NotificationId, default));
    }

    [Fact]
    public async Task Deliver_does_nothing_for_a_subscription_deleted_since_prepare()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite);
        var subscription = await SubscribeAsync(ports, S1, receiver.Url("deleted"), At.AddMinutes(-1), OrderChangeType.OrderStatusChange);
        var change = SellerCancel();
        Assert.Equal([subscription], await ports.OrderChanges.PrepareAsync(change, default));
        Assert.True(await ports.Subscriptions.DeleteAsync(S1, subscription, default));

        await ports.OrderChanges.DeliverAsync(DeliveryOf(change, subscription), default);

        Assert.Empty(receiver.All);
        Assert.Empty(await ports.Deliveries.DeliveredAsync(change.NotificationId, default));
    }

    [Fact]
    public async Task Deliver_of_a_notification_that_was_never_prepared_throws()
    {
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite);
        var subscription = await SubscribeAsync(ports, S1, new Uri("http://127.0.0.1:9/hook"), At.AddMinutes(-1), OrderChangeType.OrderStatusChange);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ports.OrderChanges.DeliverAsync(DeliveryOf(SellerCancel(), subscription), default));
    }
}
