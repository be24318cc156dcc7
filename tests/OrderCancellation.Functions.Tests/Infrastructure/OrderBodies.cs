using System.Text.Json;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>Request bodies the function tests send.</summary>
public static class OrderBodies
{
    /// <summary>A one-line Merchant order of buyer B1 and seller S1, bought now, to ship within 3 days.</summary>
    public static string Place(string orderId) => JsonSerializer.Serialize(new
    {
        orderId,
        marketplaceId = "ATVPDKIKX0DER",
        buyerId = "B1",
        sellerId = "S1",
        fulfillmentChannel = "Merchant",
        purchaseDate = DateTimeOffset.UtcNow,
        latestShipDate = DateTimeOffset.UtcNow.AddDays(3),
        lines = new[] { new { lineId = "L1", sku = "SKU-1", quantity = 1, unitPrice = new { amount = 10m, currencyCode = "USD" } } },
    }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
