using OrderCancellation.Domain.Effects;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Tests.Activities.Support;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Notifications;

public sealed class SendNotificationTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_buyer_notice_of_a_seller_cancel_is_stored_under_its_order_with_amazons_wording(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities);
        await host.WaitForActivitiesAsync(order.OrderId);

        var notices = await host.Notices.ListForOrderAsync(order.OrderId, default);
        var buyer = Assert.Single(notices, n => n.Recipient == "buyer:B1");
        Assert.Equal("OrderCanceled", buyer.Kind);
        Assert.Equal(Notices.OrderCanceledSubject, buyer.Subject);
        Assert.Contains(order.OrderId, buyer.Body, StringComparison.Ordinal);
        Assert.InRange(buyer.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Empty(await host.Notices.ListForOrderAsync(OrderScenario.NewOrderId(), default));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_buyer_request_reaches_the_seller_with_the_standard_subject(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S7");
        var (requested, activities) = OrderScenario.BuyerRequests(order);

        await host.PutOrderAsync(requested, activities);
        await host.WaitForActivitiesAsync(order.OrderId);

        var seller = Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default), n => n.Recipient == "seller:S7");
        Assert.Equal("CancellationRequestReceived", seller.Kind);
        Assert.Equal("Order cancellation request from Amazon customer", seller.Subject);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_redelivered_notice_is_stored_once_and_keeps_its_first_time(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        await host.PutOrderAsync(order);
        var notice = OrderScenario.SellerCancels(order).Activities.OfType<Activity.SendNotification>().Single();
        var context = new ActivityContext("notice-1", order.OrderId, notice.Name, ActivityPayload.Serialize(notice), 1);
        var handler = host.Handler("SendNotification");

        await handler.ExecuteAsync(context, default);
        var first = Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default));
        await Task.Delay(5);
        await handler.ExecuteAsync(context with { Attempt = 2 }, default);

        var stored = Assert.Single(await host.Notices.ListForOrderAsync(order.OrderId, default));
        Assert.Equal(first, stored);
        Assert.Equal("notice-1", stored.NotificationId);
        Assert.Equal(notice.Body, stored.Body);
    }
}
