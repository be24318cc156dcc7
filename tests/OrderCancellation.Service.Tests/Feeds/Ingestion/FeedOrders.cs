using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Orders;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>Orders for feed tests, placed through the real command service in-process (many at once, without HTTP).</summary>
internal static class FeedOrders
{
    /// <summary>Places Merchant orders of <paramref name="sellerId"/> (L1 × 2, L2 × 1) with verified payment; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> PlaceAsync(ServiceHost host, string sellerId, int count, string prefix)
    {
        var commands = host.Services.GetRequiredService<OrderCommands>();
        var ids = Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D6}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
        {
            var now = DateTimeOffset.UtcNow;
            var marketplace = Actor.Marketplace("M1");
            var place = new OrderCommand.PlaceOrder(marketplace, now, id, "ATVPDKIKX0DER", "B1", sellerId, FulfillmentChannel.Merchant, now, now.AddDays(2),
                [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD")), new OrderLine("L2", "SKU-2", 1, new Money(5m, "USD"))]);
            var placed = await commands.ExecuteAsync(id, place, cancellationToken: token);
            Assert.True(placed.Succeeded, placed.Response.Body);
            var paid = await commands.ExecuteAsync(id, new OrderCommand.Payment(marketplace, now, PaymentStatus.Verified), cancellationToken: token);
            Assert.True(paid.Succeeded, paid.Response.Body);
        });
        return ids;
    }

    public static async Task<OrderState> GetAsync(ServiceHost host, string orderId) =>
        (await host.Services.GetRequiredService<OrderReader>().GetAsync(orderId))?.Order ?? throw new InvalidOperationException($"No order {orderId}.");

    /// <summary>An adjustment feed of 4 records per order: L1 − 1, L1 − 1 (CustomerCancel), L2 − 1 (the order is Canceled), then L1 − 1 again (order-canceled).</summary>
    public static string AdjustmentFeed(IEnumerable<string> orderIds)
    {
        var text = new System.Text.StringBuilder("order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n");
        foreach (var id in orderIds)
        {
            text.Append(id).Append("\tL1\tNoInventory\t1\n");
            text.Append(id).Append("\tL1\tCustomerCancel\t1\n");
            text.Append(id).Append("\tL2\tNoInventory\t1\n");
            text.Append(id).Append("\tL1\tNoInventory\t1\n");
        }

        return text.ToString();
    }
}
