using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Service.Tests.Infrastructure;
using static OrderCancellation.Service.Tests.Orders.DroppedCommands;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// A command answered 202 is never lost (§10): when the order's orchestration completes without taking it (Durable Task
/// drops the event), its outcome is the command judged against the final state, the same on every read and on a keyed
/// repeat; a command the orchestration did take keeps the answer it recorded. The drop is injected on the real engine
/// (<see cref="HeldCommandRaises"/>): the command's raise is held until the orchestration has completed.
/// </summary>
public abstract class PendingCommandTests(PendingCommandHost fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_command_dropped_after_its_202_is_judged_against_the_final_state_alike_on_every_read()
    {
        using var order = await NewOrderAsync(Host);
        var (held, _, location) = await BuyerCancelAnswered202Async(fixture.Raises, order, new { reason = "Ordered by mistake" });
        await SellerClosesAsync(order);
        await held.ReleaseAfterCompletionAsync();

        var first = await order.Buyer.GetApiAsync(location);
        var second = await order.Buyer.GetApiAsync(location);
        using var marketplace = Host.AsMarketplace();
        var byMarketplace = await marketplace.GetApiAsync(location);

        var sentNow = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { reason = "Ordered by mistake" });
        Assert.False(IsPending(first) || first.Status == HttpStatusCode.NotFound, first.ToString());
        Assert.Equal((sentNow.Status, sentNow.Code, sentNow.Outcome), (first.Status, first.Code, first.Outcome));
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(first.ToString(), byMarketplace.ToString());
    }

    [Fact]
    public async Task A_keyed_command_dropped_after_its_202_answers_its_repeat_as_its_outcome_read_later()
    {
        using var order = await NewOrderAsync(Host);
        var (held, _, location) = await BuyerCancelAnswered202Async(fixture.Raises, order, new { reason = "Ordered by mistake" }, idempotencyKey: "dropped");
        await SellerClosesAsync(order);
        await held.ReleaseAfterCompletionAsync();

        var outcome = await order.Buyer.GetApiAsync(location);
        var repeat = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { reason = "Ordered by mistake" }, idempotencyKey: "dropped");
        var otherBody = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { reason = "Found it cheaper" }, idempotencyKey: "dropped");

        Assert.False(IsPending(outcome) || outcome.Status == HttpStatusCode.NotFound, outcome.ToString());
        Assert.Equal(outcome.ToString(), repeat.ToString());
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency-key-reused"), (otherBody.Status, otherBody.Code));
    }

    [Fact]
    public async Task A_keyed_command_dropped_after_its_202_and_repeated_before_anyone_read_it_reads_as_its_repeat()
    {
        using var order = await NewOrderAsync(Host);
        var (held, _, location) = await BuyerCancelAnswered202Async(fixture.Raises, order, new { }, idempotencyKey: "repeated-first");
        await SellerClosesAsync(order);
        await held.ReleaseAfterCompletionAsync();

        var repeat = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { }, idempotencyKey: "repeated-first");
        var outcome = await order.Buyer.GetApiAsync(location);

        Assert.False(IsPending(repeat) || repeat.Status == HttpStatusCode.NotFound, repeat.ToString());
        Assert.Equal(repeat.ToString(), outcome.ToString());
    }

    [Fact]
    public async Task A_command_taken_after_its_202_keeps_the_answer_the_orchestration_recorded()
    {
        using var order = await NewOrderAsync(Host);
        var (held, _, location) = await BuyerCancelAnswered202Async(fixture.Raises, order, new { reason = "Ordered by mistake" });
        await held.ReleaseAsync();

        var taken = await OutcomeEventuallyAsync(order.Buyer, location);
        await Host.CompletedStatusAsync(order.Id); // the buyer's cancel closed the order: its orchestration completes
        var afterCompletion = await order.Buyer.GetApiAsync(location);

        Assert.True(taken.Status == HttpStatusCode.OK && taken.Outcome == "Canceled", taken.ToString());
        Assert.Equal(taken.ToString(), afterCompletion.ToString());
        Assert.False(await StillPendingAsync(Host, order.Id, held.Envelope.CommandId));
    }

    [Fact]
    public async Task A_batch_command_dropped_while_its_batch_waits_is_judged_against_the_final_state()
    {
        using var order = await NewOrderAsync(Host);
        var seller = Actor.Seller((await Host.OrderAsync(order.Id)).GetProperty("sellerId").GetString()!);
        var gateway = Host.Services.GetRequiredService<OrderCommands>();
        var held = fixture.Raises.HoldNext(order.Id, e => e.Command.By.Role == ActorRole.Seller);
        var batch = gateway.ExecuteAllAsync([new OrderCommandRequest(order.Id, new OrderCommand.Cancel(seller, DateTimeOffset.UtcNow, "NoInventory"), "feed-record")]);
        var raise = await held;

        var buyers = await order.Buyer.PostApiAsync($"/api/orders/{order.Id}/cancel", new { reason = "Ordered by mistake" });
        Assert.True(buyers.Outcome == "Canceled", buyers.ToString());
        await raise.ReleaseAfterCompletionAsync();
        var result = Assert.Single(await batch.WaitAsync(TimeSpan.FromSeconds(60)));

        var sentNow = Assert.Single(await gateway.ExecuteAllAsync([new OrderCommandRequest(order.Id, new OrderCommand.Cancel(seller, DateTimeOffset.UtcNow, "NoInventory"), "feed-record-again")]));
        Assert.NotEqual(OrderCommandStatus.Pending, result.Status);
        Assert.Equal((sentNow.Status, sentNow.Problem?.Code, sentNow.Outcome), (result.Status, result.Problem?.Code, result.Outcome));
    }
}

/// <summary>One app per store for <see cref="PendingCommandTests"/>, its client holding the raises the tests choose.</summary>
public abstract class PendingCommandHost(StoreKind store) : IAsyncLifetime
{
    private ServiceHost? _host;

    public HeldCommandRaises Raises { get; } = new();

    public ServiceHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(store, Settings(), Raises.Register);
        await OrderApi.WarmUpAsync(_host);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class SqlitePendingCommandHost() : PendingCommandHost(StoreKind.Sqlite);

public sealed class PostgresPendingCommandHost() : PendingCommandHost(StoreKind.Postgres);

public sealed class PendingCommandSqliteTests(SqlitePendingCommandHost fixture) : PendingCommandTests(fixture), IClassFixture<SqlitePendingCommandHost>;

public sealed class PendingCommandPostgresTests(PostgresPendingCommandHost fixture) : PendingCommandTests(fixture), IClassFixture<PostgresPendingCommandHost>;
