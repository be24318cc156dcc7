using System.Data.Common;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Notifications;

/// <summary>The <c>webhook_subscriptions</c> table. Every read and delete is scoped to the owner: another owner's id reads as missing.</summary>
internal sealed class SubscriptionStore(IStoreConnectionFactory connections)
{
    // A repeated Idempotency-Key of the same owner hits ux_webhook_subscriptions_key and inserts nothing.
    private const string Insert = """
        INSERT INTO webhook_subscriptions (subscription_id, owner_role, owner_id, url, secret, events, idempotency_key, fingerprint, created_at)
        VALUES (@id, @role, @owner, @url, @secret, @events, @key, @fingerprint, @createdAt)
        ON CONFLICT DO NOTHING
        """;

    private const string Columns = "subscription_id, owner_role, owner_id, url, secret, events, created_at, fingerprint";

    private const string SelectByKey = $"SELECT {Columns} FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND idempotency_key = @key";

    private const string SelectById = $"SELECT {Columns} FROM webhook_subscriptions WHERE subscription_id = @id";

    private const string SelectOne = $"SELECT {Columns} FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND subscription_id = @id";

    // Served by ix_webhook_subscriptions_owner.
    private const string SelectForOwner = $"SELECT {Columns} FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner ORDER BY created_at, subscription_id";

    private const string Delete = "DELETE FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND subscription_id = @id";

    // Served by ix_webhook_subscriptions_owner (two ranges: every marketplace row, one seller's rows).
    private const string SelectCandidates = $"""
        SELECT {Columns} FROM webhook_subscriptions
        WHERE (owner_role = 'marketplace' OR (owner_role = 'seller' AND owner_id = @seller)) AND created_at <= @before
        ORDER BY created_at, subscription_id
        """;

    /// <summary>
    /// Creates the subscription. With an idempotency key that this owner used before, nothing is created and
    /// the earlier subscription comes back with its request fingerprint, for the caller to compare.
    /// </summary>
    public async Task<(WebhookSubscription Subscription, bool Created, string? Fingerprint)> CreateAsync(
        WebhookSubscription subscription, string? idempotencyKey, string? fingerprint, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var owner = subscription.Owner;
        var inserted = await tx.Command(Insert)
            .With("@id", subscription.SubscriptionId).With("@role", Role(owner)).With("@owner", owner.Id)
            .With("@url", subscription.Url.AbsoluteUri).With("@secret", subscription.Secret).With("@events", string.Join(',', subscription.Events))
            .With("@key", idempotencyKey).With("@fingerprint", fingerprint).With("@createdAt", subscription.CreatedAt.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(cancellationToken) == 1;
        var command = inserted
            ? tx.Command(SelectOne).With("@id", subscription.SubscriptionId)
            : tx.Command(SelectByKey).With("@key", idempotencyKey);
        (WebhookSubscription Subscription, string? Fingerprint)? stored;
        await using (var reader = await command.With("@role", Role(owner)).With("@owner", owner.Id).ExecuteReaderAsync(cancellationToken))
        {
            stored = await reader.ReadAsync(cancellationToken) ? (Read(reader), reader.IsDBNull(7) ? null : reader.GetString(7)) : null;
        }

        await tx.CommitAsync(cancellationToken);
        return stored is { } s
            ? (s.Subscription, inserted, s.Fingerprint)
            : throw new InvalidOperationException($"Subscription {subscription.SubscriptionId} was neither inserted nor found by its key.");
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(Actor owner, CancellationToken cancellationToken) =>
        await QueryAsync(SelectForOwner, c => c.With("@role", Role(owner)).With("@owner", owner.Id), cancellationToken);

    public async Task<WebhookSubscription?> GetAsync(Actor owner, string subscriptionId, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectOne, c => c.With("@role", Role(owner)).With("@owner", owner.Id).With("@id", subscriptionId), cancellationToken)).SingleOrDefault();

    /// <summary>Any owner's subscription by id (deliveries): null once it was deleted.</summary>
    public async Task<WebhookSubscription?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectById, c => c.With("@id", subscriptionId), cancellationToken)).SingleOrDefault();

    public async Task<bool> DeleteAsync(Actor owner, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var deleted = await tx.Command(Delete).With("@role", Role(owner)).With("@owner", owner.Id).With("@id", subscriptionId).ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>The subscriptions that receive a change of <paramref name="type"/> on an order of <paramref name="sellerId"/>,
    /// among those that existed at <paramref name="createdBefore"/> (when the change was first published).</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> MatchingAsync(string sellerId, OrderChangeType type, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        var candidates = await QueryAsync(
            SelectCandidates, c => c.With("@seller", sellerId).With("@before", createdBefore.ToUnixTimeMilliseconds()), cancellationToken);
        return [.. candidates.Where(s => s.Matches(sellerId, type))];
    }

    private async Task<IReadOnlyList<WebhookSubscription>> QueryAsync(string sql, Func<DbCommand, DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = bind(connection.Command(sql));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var subscriptions = new List<WebhookSubscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(Read(reader));
        }

        return subscriptions;
    }

    private static string Role(Actor owner) => owner.Role.ToString().ToLowerInvariant();

    private static WebhookSubscription Read(DbDataReader reader) => new(
        reader.GetString(0),
        new Actor(Enum.Parse<ActorRole>(reader.GetString(1), ignoreCase: true), reader.GetString(2)),
        new Uri(reader.GetString(3), UriKind.Absolute),
        reader.GetString(4),
        [.. reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<OrderChangeType>)],
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
