using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Domain.Model;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// The app with <see cref="HeldCommandRaises"/> around its Durable Task client, a short <c>Orders:AnswerTimeout</c> so a
/// held command is answered 202, and (unless a test turns it on) no background resolver: an answer is settled when read.
/// </summary>
internal static class DroppedCommands
{
    public static Dictionary<string, string?> Settings(string? store = null, bool resolver = false, int? rememberedCommands = null)
    {
        var settings = HostFixture.QuietActivities();
        settings["Orders:AnswerTimeout"] = "00:00:03";
        settings["Orders:PendingCommandsScanEnabled"] = resolver ? "true" : "false";
        settings["Orders:PendingCommandsScan"] = "00:00:00.100";
        if (store is not null)
        {
            settings["ConnectionStrings:Store"] = store;
        }

        if (rememberedCommands is { } remembered)
        {
            settings["Workflow:RememberedCommands"] = remembered.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>A paid order of a buyer and a seller of its own.</summary>
    public static async Task<TestOrder> NewOrderAsync(ServiceHost host, DateTimeOffset? purchased = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var order = OrderApi.Order(buyerId: $"B-{suffix}", sellerId: $"S-{suffix}", purchaseDate: purchased);
        var id = await host.PlaceAsync(order);
        return new TestOrder(id, host.As("buyer", $"B-{suffix}"), host.As("seller", $"S-{suffix}"));
    }

    /// <summary>Holds the buyer's next command on the order, sends <paramref name="body"/> as the buyer's cancel and checks it was answered 202.</summary>
    public static async Task<(HeldRaise Held, string CommandId, string Location)> BuyerCancelAnswered202Async(
        HeldCommandRaises raises, TestOrder order, object body, string? idempotencyKey = null)
    {
        var held = raises.HoldNext(order.Id, e => e.Command.By.Role == ActorRole.Buyer);
        var answer = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", body, idempotencyKey);
        Assert.True(answer.Status == HttpStatusCode.Accepted && answer.Json.GetProperty("status").GetString() == "Pending", answer.ToString());
        return (await held, answer.Json.GetProperty("commandId").GetString()!, answer.Json.GetProperty("location").GetString()!);
    }

    /// <summary>The seller cancels the whole order: it closes, and its orchestration completes once its effects are done.</summary>
    public static async Task SellerClosesAsync(TestOrder order)
    {
        var canceled = await order.Seller.PostApiAsync($"/api/orders/{order.Id}/cancel", new { reason = "NoInventory" });
        Assert.True(canceled.Outcome == "Canceled", canceled.ToString());
    }

    /// <summary>Reads a command's outcome until it is no longer "Pending" (30 s at most).</summary>
    public static async Task<ApiAnswer> OutcomeEventuallyAsync(HttpClient client, string location)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await client.GetApiAsync(location);
            if (!IsPending(answer) || DateTimeOffset.UtcNow > deadline)
            {
                Assert.False(IsPending(answer), answer.ToString());
                return answer;
            }

            await Task.Delay(20);
        }
    }

    public static bool IsPending(ApiAnswer answer) =>
        answer.Status == HttpStatusCode.Accepted && answer.Json.TryGetProperty("status", out var status) && status.GetString() == "Pending";

    /// <summary>Whether the command is still written down as pending in the store.</summary>
    public static async Task<bool> StillPendingAsync(ServiceHost host, string orderId, string commandId)
    {
        await using var connection = await host.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pending_commands WHERE order_id = @order AND command_id = @command";
        command.With("@order", orderId).With("@command", commandId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
