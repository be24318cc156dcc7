using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Pages.Tests.Infrastructure;

/// <summary>
/// Test setup through the application service the API uses (<see cref="OrderCommands"/>): orders placed by the
/// marketplace and paid, so that buyers and sellers can act on them at once.
/// </summary>
public sealed class TestOrders(IServiceProvider services)
{
    private static int _next;

    private OrderCommands Commands => services.GetRequiredService<OrderCommands>();

    /// <summary>A fresh order id, unique in this test run.</summary>
    public static string NewId(string prefix = "P") => $"{prefix}-{DateTime.UtcNow:HHmmss}-{Interlocked.Increment(ref _next):D3}";

    /// <summary>
    /// A paid (Unshipped) Merchant order of <paramref name="buyerId"/> from <paramref name="sellerId"/> with lines
    /// L1 (SKU-A ×2) and L2 (SKU-B ×1), purchased <paramref name="purchasedAgo"/> ago (zero: now, within the buyer's
    /// 30-minute window; an hour: after it, so a buyer's cancel becomes a request to the seller).
    /// </summary>
    public async Task<string> PlacePaidAsync(string buyerId, string sellerId, TimeSpan purchasedAgo = default, string? orderId = null)
    {
        var id = orderId ?? NewId();
        var now = DateTimeOffset.UtcNow;
        var purchased = now - purchasedAgo;
        OrderLine[] lines =
        [
            new("L1", "SKU-A", 2, new Money(12.50m, "USD")),
            new("L2", "SKU-B", 1, new Money(30.00m, "USD")),
        ];
        var marketplace = Actor.Marketplace("ATVPDKIKX0DER");
        Expect(await Commands.ExecuteAsync(id, new OrderCommand.PlaceOrder(marketplace, now, id, "ATVPDKIKX0DER", buyerId, sellerId, FulfillmentChannel.Merchant, purchased, purchased.AddDays(2), lines)), "place");
        Expect(await Commands.ExecuteAsync(id, new OrderCommand.Payment(marketplace, DateTimeOffset.UtcNow, PaymentStatus.Verified)), "pay");
        return id;
    }

    /// <summary>A paid order whose buyer window has closed: the buyer's "Cancel order" sends a request to the seller.</summary>
    public Task<string> PlacePaidAfterWindowAsync(string buyerId, string sellerId, string? orderId = null) =>
        PlacePaidAsync(buyerId, sellerId, TimeSpan.FromHours(1), orderId);

    /// <summary>
    /// A paid order after the buyer window on which the buyer has asked to cancel (an open request, "buyer requested
    /// cancellation" in Manage Orders): where the seller's pages take the flow over.
    /// </summary>
    public async Task<string> PlaceWithBuyerRequestAsync(string buyerId, string sellerId, string? reason = "Found it cheaper", string? orderId = null)
    {
        var id = await PlacePaidAfterWindowAsync(buyerId, sellerId, orderId);
        var result = await Commands.ExecuteAsync(id, new OrderCommand.Cancel(Actor.Buyer(buyerId), DateTimeOffset.UtcNow, reason));
        Expect(result, "buyer request");
        return result.Outcome == OrderCancellation.Domain.Decisions.Outcome.CancellationRequested
            ? id
            : throw new InvalidOperationException($"setup 'buyer request' came to {result.Outcome}, not CancellationRequested");
    }

    /// <summary>Runs any command as setup and insists that it was accepted.</summary>
    public async Task ExecuteAsync(string orderId, OrderCommand command) =>
        Expect(await Commands.ExecuteAsync(orderId, command), command.GetType().Name);

    private static void Expect(OrderCommandResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"setup '{what}' was not accepted: {result.Status} {result.Problem}");
        }
    }
}
