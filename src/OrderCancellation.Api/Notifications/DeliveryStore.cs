using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Notifications;

/// <summary>The <c>webhook_deliveries</c> table: which subscriptions an ORDER_CHANGE activity reached already.</summary>
internal sealed class DeliveryStore(IStoreConnectionFactory connections)
{
    // The primary key (activity_id, subscription_id) serves this read.
    private const string SelectDelivered = "SELECT subscription_id FROM webhook_deliveries WHERE activity_id = @activity";

    private const string Insert = """
        INSERT INTO webhook_deliveries (activity_id, subscription_id, status_code, attempt, delivered_at)
        VALUES (@activity, @subscription, @status, @attempt, @at)
        ON CONFLICT (activity_id, subscription_id) DO NOTHING
        """;

    public async Task<IReadOnlySet<string>> DeliveredAsync(string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SelectDelivered).With("@activity", activityId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            delivered.Add(reader.GetString(0));
        }

        return delivered;
    }

    public async Task RecordAsync(string activityId, string subscriptionId, int statusCode, int attempt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        await tx.Command(Insert)
            .With("@activity", activityId).With("@subscription", subscriptionId).With("@status", statusCode).With("@attempt", attempt)
            .With("@at", at.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
