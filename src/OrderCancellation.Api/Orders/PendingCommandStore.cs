using OrderCancellation.Api.Notifications;
using OrderCancellation.Store.Storage;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Api.Orders;

/// <summary>A command answered 202, as the gateway raised it.</summary>
/// <param name="Fingerprint">The request's fingerprint (Idempotency-Key comparisons); empty without a key.</param>
/// <param name="TakenAfter">The command the order had answered last when this one was raised; null when it had none.</param>
public sealed record PendingCommandRow(string OrderId, CommandEnvelope Envelope, string Fingerprint, string? TakenAfter);

/// <summary>
/// The <c>pending_commands</c> table: every command the gateway answered 202, written before the 202 is sent and deleted
/// once its answer is kept in <c>command_answers</c>. It lets the gateway answer a command whose event the orchestration
/// never took (Durable Task drops an event raised on an instance that completes first).
/// </summary>
public sealed class PendingCommandStore(IStoreConnectionFactory connections, TimeProvider time)
{
    private const string Columns = "order_id, envelope, fingerprint, taken_after";

    private const string Insert = """
        INSERT INTO pending_commands (order_id, command_id, envelope, fingerprint, taken_after, created_at)
        VALUES (@order, @command, @envelope, @fingerprint, @after, @now)
        ON CONFLICT (order_id, command_id) DO NOTHING
        """;

    /// <summary>Written before the 202 is sent (a caller is waiting: an interactive write). A second write of the same command changes nothing.</summary>
    public async Task AddAsync(PendingCommandRow row, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(WritePriority.Interactive, cancellationToken);
        await tx.Command(Insert)
            .With("@order", row.OrderId).With("@command", row.Envelope.CommandId).With("@envelope", WorkflowJson.Serialize(row.Envelope))
            .With("@fingerprint", row.Fingerprint).With("@after", row.TakenAfter).With("@now", time.GetUtcNow().ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<PendingCommandRow?> FindAsync(string orderId, string commandId, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(
            $"SELECT {Columns} FROM pending_commands WHERE order_id = @order AND command_id = @command",
            command => command.With("@order", orderId).With("@command", commandId),
            cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The oldest rows written before <paramref name="before"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<PendingCommandRow>> OldestAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            $"SELECT {Columns} FROM pending_commands WHERE created_at < @before ORDER BY created_at LIMIT @limit",
            command => command.With("@before", before.ToUnixTimeMilliseconds()).With("@limit", limit),
            cancellationToken);

    /// <summary>Forgets a command once its answer is kept (a second delete, by another replica, deletes nothing).</summary>
    public async Task DeleteAsync(string orderId, string commandId, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command("DELETE FROM pending_commands WHERE order_id = @order AND command_id = @command")
            .With("@order", orderId).With("@command", commandId)
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<PendingCommandRow>> ReadAsync(string sql, Action<System.Data.Common.DbCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql);
        parameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PendingCommandRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var envelope = WorkflowJson.Deserialize<CommandEnvelope>(reader.GetString(1))
                ?? throw new InvalidDataException($"pending_commands holds an empty envelope for order {reader.GetString(0)}.");
            rows.Add(new PendingCommandRow(reader.GetString(0), envelope, reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }
}
