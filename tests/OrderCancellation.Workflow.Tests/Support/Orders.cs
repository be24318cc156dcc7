using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Workflow.Tests.Support;

/// <summary>Commands on one test order: a Merchant order of two units bought at <see cref="PurchasedAt"/>.</summary>
internal static class Orders
{
    public const string OrderId = "111-0000000-0000001";
    public const string BuyerId = "B1";
    public const string SellerId = "S1";
    public const string MarketplaceId = "ATVPDKIKX0DER";

    public static readonly DateTimeOffset PurchasedAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public static Actor Marketplace { get; } = Actor.Marketplace("mp");

    public static OrderCommand.PlaceOrder Place(
        FulfillmentChannel channel = FulfillmentChannel.Merchant, string orderId = OrderId, DateTimeOffset? purchasedAt = null)
    {
        var purchased = purchasedAt ?? PurchasedAt;
        return new OrderCommand.PlaceOrder(Marketplace, purchased, orderId, MarketplaceId, BuyerId, SellerId, channel,
            purchased, purchased.AddDays(2), [new OrderLine("L1", "SKU-1", 2, new Money(10m, "USD"))]);
    }

    public static CommandEnvelope Envelope(string commandId, OrderCommand command, long? expectedVersion = null) =>
        new(commandId, command, expectedVersion);

    public static CommandEnvelope Pay(string commandId = "pay") =>
        new(commandId, new OrderCommand.Payment(Marketplace, PurchasedAt, PaymentStatus.Verified));

    public static CommandEnvelope BuyerCancel(string commandId = "buyer-cancel") =>
        new(commandId, new OrderCommand.Cancel(Actor.Buyer(BuyerId), PurchasedAt, "changed my mind"));

    public static CommandEnvelope Label(LabelAction action, string commandId) =>
        new(commandId, new OrderCommand.ShippingLabel(Actor.Seller(SellerId), PurchasedAt, action));

    public static CommandEnvelope ShipAll(string commandId = "ship") =>
        new(commandId, new OrderCommand.ConfirmShipment(Actor.Seller(SellerId), PurchasedAt, [new LineQuantity("L1", 2)]));
}
