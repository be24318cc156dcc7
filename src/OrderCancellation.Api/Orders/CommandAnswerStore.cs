using OrderCancellation.Api.Notifications;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Orders;

/// <summary>An answer given to a command with an <c>Idempotency-Key</c>, kept byte for byte.</summary>
public sealed record StoredAnswer(string Fingerprint, CommandResponse Response, long Version);

/// <summary>
/// The <c>command_answers</c> table: the first answer to each keyed command, so a repeat replays it byte for byte however
/// long ago it was (the orchestration itself remembers only its last commands). First writer wins.
/// </summary>
public sealed class CommandAnswerStore(IStoreConnectionFactory connections, TimeProvider time)
{
    private const string Select = "SELECT fingerprint, status_code, body, version FROM command_answers WHERE order_id = @order AND command_id = @command";

    private const string Insert = """
        INSERT INTO command_answers (order_id, command_id, fingerprint, status_code, body, version, created_at)
        VALUES (@order, @command, @fingerprint, @status, @body, @version, @now)
        ON CONFLICT (order_id, command_id) DO NOTHING
        """;

    public async Task<StoredAnswer?> FindAsync(string orderId, string commandId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(Select).With("@order", orderId).With("@command", commandId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredAnswer(reader.GetString(0), new CommandResponse(reader.GetInt32(1), reader.GetString(2)), reader.GetInt64(3))
            : null;
    }

    /// <summary>Keeps <paramref name="answer"/> unless an answer is kept already; answers the one kept.</summary>
    public async Task<StoredAnswer> KeepAsync(string orderId, string commandId, StoredAnswer answer, CancellationToken cancellationToken)
    {
        await using (var tx = await connections.BeginWriteAsync(cancellationToken))
        {
            var added = await tx.Command(Insert)
                .With("@order", orderId).With("@command", commandId).With("@fingerprint", answer.Fingerprint)
                .With("@status", answer.Response.StatusCode).With("@body", answer.Response.Body).With("@version", answer.Version)
                .With("@now", time.GetUtcNow().ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(cancellationToken) == 1;
            await tx.CommitAsync(cancellationToken);
            if (added)
            {
                return answer;
            }
        }

        return await FindAsync(orderId, commandId, cancellationToken) ?? answer;
    }
}
