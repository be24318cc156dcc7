using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>
/// The delivery client connects only where the URL guard allows, resolving the name itself at connect time: a name that
/// answered a public address when it was subscribed and answers a private one now (DNS rebinding) is not reached.
/// </summary>
public sealed class WebhookConnectionTests
{
    private static readonly Dictionary<string, string?> PublicOnly = new() { ["Webhooks:AllowPrivateNetworks"] = "false" };

    [Fact]
    public async Task A_delivery_to_a_host_that_now_resolves_to_loopback_is_not_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, PublicOnly);
        var resolver = ports.Services.GetRequiredService<StaticHostResolver>();
        resolver.Map("rebind.example", StaticHostResolver.PublicAddress.ToString());
        var subscription = await WebhookTargets.SubscribeAsync(ports, new Uri($"http://rebind.example:{receiver.BaseAddress.Port}/hook"));
        var delivery = await WebhookTargets.PrepareSellerCancelAsync(ports, subscription);
        resolver.Map("rebind.example", "127.0.0.1");

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => ports.OrderChanges.DeliverAsync(delivery, default));

        Assert.Contains("not a public address", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.All);
        Assert.Empty(await ports.Deliveries.DeliveredAsync(delivery.NotificationId, default));
    }

    [Fact]
    public async Task A_delivery_to_a_private_address_stored_before_the_check_is_not_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, PublicOnly);
        var subscription = await WebhookTargets.SubscribeAsync(ports, receiver.Url("hook"));
        var delivery = await WebhookTargets.PrepareSellerCancelAsync(ports, subscription);

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => ports.OrderChanges.DeliverAsync(delivery, default));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task A_delivery_connects_to_the_address_the_guard_resolved_and_keeps_the_host_name()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite); // private networks allowed: the receiver is local
        ports.Services.GetRequiredService<StaticHostResolver>().Map("receiver.example", "127.0.0.1");
        var subscription = await WebhookTargets.SubscribeAsync(ports, new Uri($"http://receiver.example:{receiver.BaseAddress.Port}/hook"));
        var delivery = await WebhookTargets.PrepareSellerCancelAsync(ports, subscription);

        await ports.OrderChanges.DeliverAsync(delivery, default);

        var received = Assert.Single(receiver.Received("hook"));
        Assert.Equal($"receiver.example:{receiver.BaseAddress.Port}", received.Header("Host"));
        Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, received.Body, received.Header("X-Signature"), DateTimeOffset.UtcNow));
    }
}
