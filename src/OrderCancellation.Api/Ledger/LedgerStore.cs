using System.Globalization;
using OrderCancellation.Store.Storage;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Api.Ledger;

/// <summary>The <c>ledger_entries</c> table. Internal: no public endpoint reads it (§5 has none); tests and operators query it.</summary>
internal sealed class LedgerStore(IStoreConnectionFactory connections)
{
    private const string Insert = """
        INSERT INTO ledger_entries (activity_id, order_id, kind, sku, quantity, amount, currency, endpoint, at)
        VALUES (@activity, @order, @kind, @sku, @quantity, @amount, @currency, @endpoint, @at)
        ON CONFLICT (activity_id) DO NOTHING
        """;

    // Served by ix_ledger_entries_order.
    private const string SelectForOrder = """
        SELECT activity_id, order_id, kind, sku, quantity, amount, currency, endpoint, at
        FROM ledger_entries WHERE order_id = @order ORDER BY at, activity_id
        """;

    /// <returns>False when the activity was recorded before (a redelivery).</returns>
    public async Task<bool> RecordAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var added = await tx.Command(Insert)
            .With("@activity", entry.ActivityId).With("@order", entry.OrderId).With("@kind", entry.Kind.ToString())
            .With("@sku", entry.Sku).With("@quantity", entry.Quantity)
            .With("@amount", entry.Amount?.ToString(CultureInfo.InvariantCulture)).With("@currency", entry.Currency)
            .With("@endpoint", entry.Endpoint).With("@at", entry.At.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken) == 1;
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListForOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectForOrder).With("@order", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LedgerEntry(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<LedgerKind>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : decimal.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }

        return entries;
    }
}
