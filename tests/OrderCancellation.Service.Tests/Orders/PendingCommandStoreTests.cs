using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.TestSupport;
using static OrderCancellation.Service.Tests.Orders.DroppedCommands;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// A command answered 202 is written down before the 202, so its outcome survives a restart; and a command the
/// orchestration took and then forgot (it remembers only its last answers) is never judged again against another state.
/// Each test runs its own apps on its own store.
/// </summary>
public sealed class PendingCommandStoreTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_outcome_of_a_command_dropped_after_its_202_is_given_after_a_restart_on_the_same_store(StoreKind store)
    {
        using var sqlite = store == StoreKind.Sqlite ? new SqliteTempFile() : null;
        var settings = Settings(sqlite?.ConnectionString ?? await SharedPostgres.CreateDatabaseAsync());
        var raises = new HeldCommandRaises();
        string id, location;
        await using (var before = await ServiceHost.StartAsync(store, settings, raises.Register))
        {
            await OrderApi.WarmUpAsync(before);
            using var order = await NewOrderAsync(before);
            (var held, _, location) = await BuyerCancelAnswered202Async(raises, order, new { reason = "Ordered by mistake" });
            id = order.Id;
            await SellerClosesAsync(order);
            await held.ReleaseAfterCompletionAsync();
        }

        await using var after = await ServiceHost.StartAsync(store, settings);
        using var buyer = after.As("buyer", BuyerOf(await after.OrderAsync(id)));
        var first = await buyer.GetApiAsync(location);
        var second = await buyer.GetApiAsync(location);

        var sentNow = await buyer.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "Ordered by mistake" });
        Assert.False(IsPending(first) || first.Status == HttpStatusCode.NotFound, first.ToString());
        Assert.Equal((sentNow.Status, sentNow.Code, sentNow.Outcome), (first.Status, first.Code, first.Outcome));
        Assert.Equal(first.ToString(), second.ToString());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_command_taken_after_its_202_keeps_its_answer_after_the_orchestration_forgot_it(StoreKind store)
    {
        var raises = new HeldCommandRaises();
        await using var host = await ServiceHost.StartAsync(store, Settings(resolver: true, rememberedCommands: 2), raises.Register);
        await OrderApi.WarmUpAsync(host);
        using var order = await NewOrderAsync(host, DateTimeOffset.UtcNow.AddHours(-1)); // past the window: a request
        var (held, commandId, location) = await BuyerCancelAnswered202Async(raises, order, new { reason = "Ordered by mistake" });
        await held.ReleaseAsync();
        await PendingSettledAsync(host, order.Id, commandId);

        await DeclineThenCloseAsync(order); // two more answers: the orchestration remembers two, so not the buyer's any more
        await host.CompletedStatusAsync(order.Id);
        var outcome = await order.Buyer.GetApiAsync(location);

        Assert.True(outcome.Status == HttpStatusCode.Accepted && outcome.Outcome == "CancellationRequested", outcome.ToString());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_command_taken_and_forgotten_before_its_answer_was_kept_is_not_judged_again(StoreKind store)
    {
        var raises = new HeldCommandRaises();
        await using var host = await ServiceHost.StartAsync(store, Settings(resolver: false, rememberedCommands: 2), raises.Register);
        await OrderApi.WarmUpAsync(host);
        using var order = await NewOrderAsync(host, DateTimeOffset.UtcNow.AddHours(-1));
        var (held, _, location) = await BuyerCancelAnswered202Async(raises, order, new { reason = "Ordered by mistake" });
        await held.ReleaseAsync(); // taken before the seller's commands, raised after it

        await DeclineThenCloseAsync(order);
        await host.CompletedStatusAsync(order.Id);
        var outcome = await order.Buyer.GetApiAsync(location);
        var again = await order.Buyer.GetApiAsync(location);

        // Its answer (a request, 202) is gone with the orchestration's memory; judged now it would be a refusal.
        Assert.Equal((HttpStatusCode.NotFound, "command-not-found"), (outcome.Status, outcome.Code));
        Assert.Equal((outcome.Status, outcome.Code), (again.Status, again.Code));
    }

    /// <summary>The seller declines the buyer's request, then cancels the order (it closes): two answers after the buyer's.</summary>
    private static async Task DeclineThenCloseAsync(TestOrder order)
    {
        var declined = await order.Seller.PostApiAsync($"/api/orders/{order.Id}/cancellation-request/decline", new { message = "Shipping today" });
        Assert.True(declined.Status == HttpStatusCode.OK, declined.ToString());
        await SellerClosesAsync(order);
    }

    /// <summary>Waits until the background resolver has kept the command's answer (its pending row is gone), 30 s at most.</summary>
    private static async Task PendingSettledAsync(ServiceHost host, string orderId, string commandId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await StillPendingAsync(host, orderId, commandId))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Command {commandId} is still pending.");
            await Task.Delay(20);
        }
    }

    private static string BuyerOf(System.Text.Json.JsonElement order) => order.GetProperty("buyerId").GetString()!;
}
