using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Storage;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>
/// Subscription secrets at rest: encrypted with Data Protection, whose key ring is kept in the store (<c>data_protection_keys</c>),
/// so another instance, or the app after a restart, still signs with them.
/// </summary>
public sealed class SubscriptionSecretTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_secret_is_not_stored_in_plain_text_and_a_delivery_still_signs_with_it(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(store);
        var subscription = await WebhookTargets.SubscribeAsync(ports, receiver.Url("hook"));

        var stored = Assert.Single(await ScalarsAsync(ports, $"SELECT secret FROM webhook_subscriptions WHERE subscription_id = '{subscription}'"));
        Assert.DoesNotContain(SubscriptionApi.Secret, stored, StringComparison.Ordinal);
        Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);

        var delivery = await WebhookTargets.PrepareSellerCancelAsync(ports, subscription);
        await ports.OrderChanges.DeliverAsync(delivery, default);
        var received = Assert.Single(receiver.Received("hook"));
        Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, received.Body, received.Header("X-Signature"), DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_keys_are_kept_in_the_store_and_the_secret_survives_a_restart(StoreKind store)
    {
        using var sqlite = store == StoreKind.Sqlite ? new SqliteTempFile() : null;
        var database = new Dictionary<string, string?> { ["ConnectionStrings:Store"] = sqlite?.ConnectionString ?? await SharedPostgres.CreateDatabaseAsync() };
        await using var receiver = await WebhookReceiver.StartAsync();
        string subscription;
        await using (var before = await PortHost.StartAsync(store, database))
        {
            subscription = await WebhookTargets.SubscribeAsync(before, receiver.Url("hook"));
            Assert.Contains(await ScalarsAsync(before, "SELECT xml FROM data_protection_keys"), xml => xml.StartsWith("<key ", StringComparison.Ordinal));
        }

        await using var after = await PortHost.StartAsync(store, database);
        var delivery = await WebhookTargets.PrepareSellerCancelAsync(after, subscription);
        await after.OrderChanges.DeliverAsync(delivery, default);

        var received = Assert.Single(receiver.Received("hook"));
        Assert.True(WebhookSignature.Verify(SubscriptionApi.Secret, received.Body, received.Header("X-Signature"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_secret_stored_before_secrets_were_encrypted_is_still_used_as_it_is()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite);
        var subscription = await WebhookTargets.SubscribeAsync(ports, receiver.Url("hook"));
        await ExecuteAsync(ports, $"UPDATE webhook_subscriptions SET secret = 'a-plain-secret-from-before' WHERE subscription_id = '{subscription}'");

        var delivery = await WebhookTargets.PrepareSellerCancelAsync(ports, subscription);
        await ports.OrderChanges.DeliverAsync(delivery, default);

        var received = Assert.Single(receiver.Received("hook"));
        Assert.True(WebhookSignature.Verify("a-plain-secret-from-before", received.Body, received.Header("X-Signature"), DateTimeOffset.UtcNow));
    }

    private static async Task<IReadOnlyList<string>> ScalarsAsync(PortHost ports, string sql)
    {
        await using var connection = await ports.Services.GetRequiredService<IStoreConnectionFactory>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task ExecuteAsync(PortHost ports, string sql)
    {
        await using var tx = await ports.Services.GetRequiredService<IStoreConnectionFactory>().BeginWriteAsync();
        await tx.Command(sql).ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
