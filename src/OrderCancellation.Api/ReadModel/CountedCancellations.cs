using OrderCancellation.Domain.Metrics;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.ReadModel;

/// <summary>
/// When each counted cancellation of a Merchant order happened (table <c>counted_cancellations</c>): the Cancellation
/// Rate (§4.7) counts an order cancelled in its window whatever its purchase date, so it cannot find those orders by
/// purchase day alone.
/// </summary>
public sealed class CountedCancellations(IStoreConnectionFactory connections)
{
    // Cancellations are never taken back: a row, once written, stays true.
    private const string Insert = """
        INSERT INTO counted_cancellations (order_id, canceled_at, seller_id, marketplace_id, purchase_date)
        VALUES (@id, @at, @seller, @marketplace, @purchased) ON CONFLICT DO NOTHING
        """;

    private const string Select = """
        SELECT order_id, canceled_at, purchase_date FROM counted_cancellations
        WHERE seller_id = @seller AND canceled_at > @from AND canceled_at <= @to AND (@marketplace = '' OR marketplace_id = @marketplace)
        """;

    /// <summary>Writes the order's counted cancellations, in the projection's transaction.</summary>
    internal static async Task WriteAsync(StoreTransaction tx, OrderState order, CancellationToken cancellationToken)
    {
        if (order.FulfillmentChannel != FulfillmentChannel.Merchant)
        {
            return;
        }

        foreach (var cancellation in order.Cancellations.Where(c => c.CountsAgainstSeller))
        {
            await tx.Command(Insert)
                .With("@id", order.OrderId).With("@at", cancellation.At.ToUnixTimeMilliseconds()).With("@seller", order.SellerId)
                .With("@marketplace", order.MarketplaceId).With("@purchased", order.PurchaseDate.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The seller's orders with a counted cancellation in (<paramref name="from"/>, <paramref name="to"/>], one summary per cancellation.</summary>
    public async Task<IReadOnlyList<OrderSummary>> ListAsync(
        string sellerId, string? marketplaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        // One millisecond wider than asked (rows hold whole milliseconds): the calculation decides the edges exactly.
        await using var command = connection.Command(Select)
            .With("@seller", sellerId).With("@marketplace", marketplaceId ?? string.Empty)
            .With("@from", from.ToUnixTimeMilliseconds() - 1).With("@to", to.ToUnixTimeMilliseconds() + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<OrderSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new OrderSummary(
                reader.GetString(0), sellerId, FulfillmentChannel.Merchant,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), [DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))]));
        }

        return found;
    }
}
