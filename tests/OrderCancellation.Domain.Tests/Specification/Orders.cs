using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Domain.Tests.Specification;

/// <summary>
/// The order the specs talk about: bought at <see cref="T0"/> by B1 from S1, two of L1 at 10 USD and
/// one of L2 at 25 USD, latest ship date two days later.
/// </summary>
internal static class Orders
{
    public const string OrderId = "111-2223334-4445556";
    public const string US = "ATVPDKIKX0DER";
    public const string JP = "A1VC38T7YXB528";
    public const string SA = "A17E79C6D8DWNP";

    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset InWindow = T0.AddMinutes(10);
    public static readonly DateTimeOffset WindowEnd = T0.AddMinutes(30);
    public static readonly DateTimeOffset AfterWindow = T0.AddMinutes(31);
    public static readonly DateTimeOffset LatestShipDate = T0.AddDays(2);
    public static readonly DateTimeOffset AutoCancelAt = LatestShipDate.AddDays(7);

    public static readonly Actor Buyer = Actor.Buyer("B1");
    public static readonly Actor Seller = Actor.Seller("S1");
    public static readonly Actor Marketplace = Actor.Marketplace("amazon");
    public static readonly Actor Support = Actor.Support("agent-7");

    public static IReadOnlyList<OrderLine> Lines { get; } =
        [new("L1", "SKU-1", 2, new Money(10.00m, "USD")), new("L2", "SKU-2", 1, new Money(25.00m, "USD"))];

    public static OrderCommand.PlaceOrder Place(FulfillmentChannel channel = FulfillmentChannel.Merchant, string marketplace = US) =>
        new(Marketplace, T0, OrderId, marketplace, "B1", "S1", channel, T0, LatestShipDate, Lines);

    public static OrderEvent Placed(FulfillmentChannel channel = FulfillmentChannel.Merchant, string marketplace = US, CancellationPolicy? policy = null) =>
        ((Decision.Accepted)OrderDecider.Decide(Place(channel, marketplace), null, policy ?? CancellationPolicy.Default)).Events.Single();

    public static OrderEvent Paid { get; } = new OrderEvent.PaymentVerified(T0.AddMinutes(1));

    public static OrderEvent LabelPurchased { get; } = new OrderEvent.ShippingLabelPurchased(T0.AddMinutes(2));

    public static OrderEvent Stage(FulfillmentStage stage) => new OrderEvent.FulfillmentStageChanged(T0.AddMinutes(2), stage);

    public static OrderEvent Shipped(string lineId, int quantity) =>
        new OrderEvent.ShipmentConfirmed(T0.AddHours(2), [new LineQuantity(lineId, quantity)], "UPS", "1Z999");

    public static OrderEvent SellerCanceled(string lineId, int quantity, string reason = "NoInventory") =>
        new OrderEvent.LinesCanceled(T0.AddHours(3), Seller, reason, [new LineQuantity(lineId, quantity)], true, reason != "NoInventory", null);

    public static OrderEvent RequestOpened(params LineQuantity[] lines) =>
        new OrderEvent.CancellationRequested(AfterWindow, "CR-1", lines.Length == 0 ? Everything : lines, "changed my mind");

    public static OrderEvent AttemptOpened(params LineQuantity[] lines) =>
        new OrderEvent.CancellationAttemptStarted(InWindow, lines.Length == 0 ? Everything : lines, null, InWindow.AddHours(1));

    public static IReadOnlyList<LineQuantity> Everything { get; } = [new("L1", 2), new("L2", 1)];

    public static LineQuantity Q(string lineId, int quantity) => new(lineId, quantity);

    public static OrderCommand.Cancel Cancel(Actor by, DateTimeOffset now, string? reason = null, params LineQuantity[] lines) =>
        new(by, now, reason, lines.Length == 0 ? null : lines);
}
