using System.Data.Common;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using Microsoft.Extensions.Options;
using OrderCancellation.Store;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// The <c>webhook_subscriptions</c> table. Every read and delete is scoped to the owner: another owner's id reads as missing.
/// Secrets are stored encrypted (<see cref="SubscriptionSecrets"/>) and decrypted only for a delivery.
/// </summary>
internal sealed class SubscriptionStore(IStoreConnectionFactory connections, SubscriptionSecrets secrets, IOptions<WebhookOptions> options)
{
    // Inserts only while the owner holds fewer than @max subscriptions (counted on ix_webhook_subscriptions_owner_id).
    // A repeated Idempotency-Key of the same owner hits ux_webhook_subscriptions_key and inserts nothing. SQLite has one
    // writer; on PostgreSQL the owner's advisory lock (LockOwner) makes the count and the insert one step.
    private const string Insert = """
        INSERT INTO webhook_subscriptions (subscription_id, owner_role, owner_id, url, secret, events, idempotency_key, fingerprint, created_at)
        SELECT @id, @role, @owner, @url, @secret, @events, @key, @fingerprint, @createdAt
        WHERE (SELECT COUNT(*) FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner) < @max
        ON CONFLICT DO NOTHING
        """;

    private const string LockOwner = "SELECT pg_advisory_xact_lock(hashtext('webhook_subscriptions:' || @role || ':' || @owner))";

    private const string Columns = "subscription_id, owner_role, owner_id, url, events, created_at, fingerprint, secret";

    private const string SelectByKey = $"SELECT {Columns} FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND idempotency_key = @key";

    private const string SelectById = $"SELECT {Columns} FROM webhook_subscriptions WHERE subscription_id = @id";

    private const string SelectOne = $"SELECT {Columns} FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND subscription_id = @id";

    // Served by ix_webhook_subscriptions_owner_id: keyset on the id (a version-7 GUID, so id order is creation order).
    private const string SelectPage = $"""
        SELECT {Columns} FROM webhook_subscriptions
        WHERE owner_role = @role AND owner_id = @owner AND subscription_id > @after
        ORDER BY subscription_id LIMIT @limit
        """;

    private const string Delete = "DELETE FROM webhook_subscriptions WHERE owner_role = @role AND owner_id = @owner AND subscription_id = @id";

    // Served by ix_webhook_subscriptions_owner (two ranges: every marketplace row, one seller's rows).
    private const string SelectCandidates = $"""
        SELECT {Columns} FROM webhook_subscriptions
        WHERE (owner_role = 'marketplace' OR (owner_role = 'seller' AND owner_id = @seller)) AND created_at <= @before
        ORDER BY created_at, subscription_id
        """;

    /// <summary>
    /// Creates the subscription with its secret encrypted. With an idempotency key that this owner used before, nothing is
    /// created and the earlier subscription comes back with its request fingerprint and its secret, for the caller to
    /// compare. Null when the owner holds <c>Webhooks:MaxSubscriptionsPerOwner</c> already.
    /// </summary>
    public async Task<SubscriptionCreation?> CreateAsync(
        WebhookSubscription subscription, string secret, string? idempotencyKey, string? fingerprint, CancellationToken cancellationToken)
    {
        // Before the transaction: a first Protect may load or create the key ring, which reads and writes the store itself.
        var protectedSecret = secrets.Protect(secret);
        await using var tx = await connections.BeginWriteAsync(cancellationToken);
        var owner = subscription.Owner;
        if (tx.Provider == StoreProvider.Postgres)
        {
            await tx.Command(LockOwner).With("@role", Role(owner)).With("@owner", owner.Id).ExecuteNonQueryAsync(cancellationToken);
        }

        var inserted = await tx.Command(Insert)
            .With("@id", subscription.SubscriptionId).With("@role", Role(owner)).With("@owner", owner.Id)
            .With("@url", subscription.Url.AbsoluteUri).With("@secret", protectedSecret).With("@events", string.Join(',', subscription.Events))
            .With("@key", idempotencyKey).With("@fingerprint", fingerprint).With("@createdAt", subscription.CreatedAt.ToUnixTimeMilliseconds())
            .With("@max", (long)options.Value.MaxSubscriptionsPerOwner)
            .ExecuteNonQueryAsync(cancellationToken) == 1;
        if (!inserted && idempotencyKey is null)
        {
            return null;
        }

        var command = inserted
            ? tx.Command(SelectOne).With("@id", subscription.SubscriptionId)
            : tx.Command(SelectByKey).With("@key", idempotencyKey);
        (WebhookSubscription Subscription, string? Fingerprint, string Secret)? stored;
        await using (var reader = await command.With("@role", Role(owner)).With("@owner", owner.Id).ExecuteReaderAsync(cancellationToken))
        {
            stored = await reader.ReadAsync(cancellationToken) ? (Read(reader), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)) : null;
        }

        await tx.CommitAsync(cancellationToken);
        return stored is { } s
            ? new SubscriptionCreation(s.Subscription, inserted, s.Fingerprint, inserted ? secret : secrets.Unprotect(s.Secret))
            : null;
    }

    /// <summary>The owner's subscriptions after id <paramref name="after"/> (from the start when null), at most <paramref name="pageSize"/>.</summary>
    public async Task<SubscriptionPage> ListAsync(Actor owner, string? after, int pageSize, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(
            SelectPage,
            c => c.With("@role", Role(owner)).With("@owner", owner.Id).With("@after", after ?? string.Empty).With("@limit", (long)pageSize + 1),
            r => Read(r),
            cancellationToken);
        var page = found.Take(pageSize).ToList();
        return new SubscriptionPage(page, found.Count > pageSize ? page[^1].SubscriptionId : null);
    }

    public async Task<WebhookSubscription?> GetAsync(Actor owner, string subscriptionId, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectOne, c => c.With("@role", Role(owner)).With("@owner", owner.Id).With("@id", subscriptionId), r => Read(r), cancellationToken))
        .SingleOrDefault();

    /// <summary>Any owner's subscription by id with its secret decrypted, for a delivery: null once it was deleted.</summary>
    public async Task<WebhookTarget?> FindForDeliveryAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var found = (await QueryAsync(SelectById, c => c.With("@id", subscriptionId), r => (Subscription: Read(r), Secret: r.GetString(7)), cancellationToken))
            .SingleOrDefault();
        // Decrypted once the connection is closed: a key ring refresh reads the store on a connection of its own.
        return found.Subscription is null ? null : new WebhookTarget(found.Subscription, secrets.Unprotect(found.Secret));
    }

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
            SelectCandidates, c => c.With("@seller", sellerId).With("@before", createdBefore.ToUnixTimeMilliseconds()), r => Read(r), cancellationToken);
        return [.. candidates.Where(s => s.Matches(sellerId, type))];
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbCommand, DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = bind(connection.Command(sql));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string Role(Actor owner) => owner.Role.ToString().ToLowerInvariant();

    private static WebhookSubscription Read(DbDataReader reader) => new(
        reader.GetString(0),
        new Actor(Enum.Parse<ActorRole>(reader.GetString(1), ignoreCase: true), reader.GetString(2)),
        new Uri(reader.GetString(3), UriKind.Absolute),
        [.. reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<OrderChangeType>)],
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}
