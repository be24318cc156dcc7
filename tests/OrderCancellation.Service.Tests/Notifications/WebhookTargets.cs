using OrderCancellation.Api.Notifications;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>Subscriptions written straight to the store and one ORDER_CHANGE to deliver to them, for tests of the port.</summary>
internal static class WebhookTargets
{
    public static readonly Actor S1 = Actor.Seller("S1");

    /// <summary>A subscription of S1 to OrderStatusChange, stored without the API's URL check (as a row from before it).</summary>
    public static async Task<string> SubscribeAsync(PortHost ports, Uri url)
    {
        var created = await ports.Subscriptions.CreateAsync(
            new WebhookSubscription(Guid.CreateVersion7().ToString("N"), S1, url, [OrderChangeType.OrderStatusChange], DateTimeOffset.UtcNow.AddMinutes(-1)),
            SubscriptionApi.Secret,
            null,
            null,
            default);
        Assert.NotNull(created);
        Assert.True(created.Created);
        return created.Subscription.SubscriptionId;
    }

    /// <summary>S1 cancels a paid order; the change is prepared, and its delivery to <paramref name="subscriptionId"/> is returned.</summary>
    public static async Task<OrderChangeDelivery> PrepareSellerCancelAsync(PortHost ports, string subscriptionId)
    {
        var (canceled, activities) = OrderScenario.SellerCancels(OrderScenario.PaidOrder(OrderScenario.NewOrderId(), sellerId: "S1"));
        var change = new OrderChange($"{canceled.OrderId}:3:3", canceled, 3, activities.OfType<Activity.PublishOrderChange>().Single(), DateTimeOffset.UtcNow);
        Assert.Equal([subscriptionId], await ports.OrderChanges.PrepareAsync(change, default));
        return new OrderChangeDelivery($"{change.NotificationId}:{subscriptionId}", change.NotificationId, change.Order.OrderId, subscriptionId);
    }
}
