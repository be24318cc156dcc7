using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Workflow.Activities;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Activities;

/// <summary>
/// The notice ports (<see cref="INoticeStore"/>, <see cref="INoticeSink"/>) on the app's <c>notifications</c> table and its
/// <see cref="INotificationSink"/>s, over a real store; and the workflow's <see cref="SendNotificationActivity"/> on them.
/// </summary>
public sealed class NoticePortTests
{
    /// <summary>A time as the store keeps it (whole milliseconds).</summary>
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static Notice BuyerNotice(string orderId, string id) =>
        new(id, orderId, NotificationKind.OrderCanceled, Actor.Buyer("B1"), Notices.OrderCanceledSubject, $"Your order {orderId} has been canceled.", At);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_notice_is_stored_once_under_its_id_and_a_retry_gets_the_first_stored_one(StoreKind store)
    {
        await using var ports = await PortHost.StartAsync(store);
        var orderId = OrderScenario.NewOrderId();
        var first = BuyerNotice(orderId, $"{orderId}:2:1");

        var stored = await ports.NoticeStore.AddAsync(first, default);
        var retried = await ports.NoticeStore.AddAsync(first with { Subject = "another subject", Body = "another body", CreatedAt = At.AddMinutes(1) }, default);

        Assert.Equal(first, stored);
        Assert.Equal(first, retried);
        var row = Assert.Single(await ports.Notices.ListForOrderAsync(orderId, default));
        Assert.Equal(new StoredNotification(first.NotificationId, "OrderCanceled", "buyer:B1", Notices.OrderCanceledSubject, first.Body, At), row);
        Assert.Empty(await ports.Notices.ListForOrderAsync(OrderScenario.NewOrderId(), default));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Notices_of_one_order_are_kept_apart_by_id_and_listed_in_time_order(StoreKind store)
    {
        await using var ports = await PortHost.StartAsync(store);
        var orderId = OrderScenario.NewOrderId();
        var later = new Notice($"{orderId}:3:0", orderId, NotificationKind.CancellationRequestReceived, Actor.Seller("S7"), Notices.SellerRequestSubject, "request", At.AddSeconds(1));
        var earlier = BuyerNotice(orderId, $"{orderId}:2:0");

        await ports.NoticeStore.AddAsync(later, default);
        await ports.NoticeStore.AddAsync(earlier, default);

        var rows = await ports.Notices.ListForOrderAsync(orderId, default);
        Assert.Equal([(earlier.NotificationId, "buyer:B1"), (later.NotificationId, "seller:S7")], rows.Select(n => (n.NotificationId, n.Recipient)));
        Assert.Equal("CancellationRequestReceived", rows[1].Kind);
    }

    [Fact]
    public async Task The_app_sink_hands_a_notice_to_every_notification_sink_with_its_order()
    {
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite);
        var orderId = OrderScenario.NewOrderId();
        var notice = BuyerNotice(orderId, $"{orderId}:2:1");

        var sink = Assert.Single(ports.NoticeSinks);
        await sink.DeliverAsync(notice, default);

        var (to, delivered) = Assert.Single(ports.Sink.Received);
        Assert.Equal(orderId, to);
        Assert.Equal(new StoredNotification(notice.NotificationId, "OrderCanceled", "buyer:B1", notice.Subject, notice.Body, At), delivered);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_send_notification_activity_run_again_stores_nothing_more_and_sends_what_the_first_run_stored(StoreKind store)
    {
        await using var ports = await PortHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var notice = OrderScenario.SellerCancels(order).Activities.OfType<Activity.SendNotification>().Single(n => n.Recipient.Role == ActorRole.Buyer);
        var activity = new SendNotificationActivity(ports.NoticeStore, ports.NoticeSinks);
        var input = new EffectInput<Activity.SendNotification>(order.OrderId, $"{order.OrderId}:3:2", At, notice);

        // The activity does not use its context; a retry gets the same input (here with a changed wording and time, as
        // after a deployment between two attempts, to show that the first stored notice wins).
        Assert.Equal(input.EffectId, await activity.RunAsync(null!, input));
        Assert.Equal(input.EffectId, await activity.RunAsync(null!, input with { At = At.AddMinutes(5), Activity = notice with { Body = "reworded" } }));

        var stored = Assert.Single(await ports.Notices.ListForOrderAsync(order.OrderId, default));
        Assert.Equal(new StoredNotification(input.EffectId, "OrderCanceled", "buyer:B1", Notices.OrderCanceledSubject, notice.Body, At), stored);
        Assert.Equal([stored, stored], ports.Sink.Received.Select(r => r.Notice));
        Assert.All(ports.Sink.Received, r => Assert.Equal(order.OrderId, r.OrderId));
    }
}
