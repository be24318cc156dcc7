using System.Text.Json;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>Buyer and seller notices end to end: a command through the API, the notice listed under its order once the workflow sent it.</summary>
public sealed class SendNotificationTests
{
    private static Task<IReadOnlyList<JsonElement>> NoticeEventuallyAsync(ActivityHost host, string orderId, string recipient) =>
        Eventually.UntilAsync(
            () => host.NotificationsAsync(orderId),
            notices => notices.Any(n => n.GetProperty("recipient").GetString() == recipient),
            $"a notice of {orderId} to {recipient}");

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_buyer_notice_of_a_seller_cancel_is_stored_under_its_order_with_amazons_wording(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var orderId = await host.PlacePaidOrderAsync();

        var answer = await host.SellerCancelsAsync(orderId);
        var notices = await NoticeEventuallyAsync(host, orderId, "buyer:B1");

        var buyer = Assert.Single(notices, n => n.GetProperty("recipient").GetString() == "buyer:B1");
        Assert.Equal("OrderCanceled", buyer.GetProperty("kind").GetString());
        Assert.Equal(Notices.OrderCanceledSubject, buyer.GetProperty("subject").GetString());
        Assert.Contains(orderId, buyer.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"{orderId}:", buyer.GetProperty("notificationId").GetString(), StringComparison.Ordinal);
        // The notice is dated by the decision that asked for it (the cancellation), to the millisecond the store keeps.
        var canceledAt = answer.GetProperty("order").GetProperty("cancellations")[0].GetProperty("at").GetDateTimeOffset();
        Assert.Equal(canceledAt.ToUnixTimeMilliseconds(), buyer.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        await host.WaitForCompletedAsync(orderId);
        Assert.Single(await host.NotificationsAsync(orderId), n => n.GetProperty("recipient").GetString() == "buyer:B1");
        Assert.Empty(await host.Notices.ListForOrderAsync(OrderScenario.NewOrderId(), default));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_buyer_request_reaches_the_seller_with_the_standard_subject(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var orderId = await host.PlacePaidOrderAsync(sellerId: "S7", purchasedAgo: TimeSpan.FromHours(1));

        await host.BuyerCancelsAsync(orderId);
        var notices = await NoticeEventuallyAsync(host, orderId, "seller:S7");

        var seller = Assert.Single(notices, n => n.GetProperty("recipient").GetString() == "seller:S7");
        Assert.Equal("CancellationRequestReceived", seller.GetProperty("kind").GetString());
        Assert.Equal(Notices.SellerRequestSubject, seller.GetProperty("subject").GetString());
        Assert.Equal("Order cancellation request from Amazon customer", seller.GetProperty("subject").GetString());
        Assert.DoesNotContain(notices, n => n.GetProperty("recipient").GetString() == "buyer:B1");
    }
}
