using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Store.Queues;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Queues;

/// <summary>
/// The consumer's lease on a message whose work outlasts its visibility timeout, on both transports with real time:
/// nobody else receives the message meanwhile, and the receipt handed back at the end is the one that deletes it.
/// </summary>
public sealed class VisibilityLeaseTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    // The lease extends at half the timeout, so a busy machine has this long to run the extension before the message
    // would reappear: 1 s (Azure's least) left 0.5 s, and a full suite's parallel test projects once took longer.
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_leased_message_stays_hidden_past_its_visibility_timeout_on_the_embedded_queue()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, HostFixture.QuietActivities());

        await LeaseOutlastsVisibilityAsync(host.Services.GetRequiredService<IQueueTransport>());
    }

    [Fact]
    public async Task A_leased_message_stays_hidden_past_its_visibility_timeout_on_the_Azure_Storage_queue()
    {
        await LeaseOutlastsVisibilityAsync(new AzureStorageQueueTransport(azurite.ConnectionString));
    }

    [Fact]
    public async Task A_lease_whose_message_was_taken_by_another_receiver_ends_without_a_receipt()
    {
        var transport = new AzureStorageQueueTransport(azurite.ConnectionString);
        var queue = await NewQueueAsync(transport);
        await transport.SendAsync(queue, "feed-1");
        var received = Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(2)));
        var lease = VisibilityLease.Start(transport, received, TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger.Instance, default);

        // Another receiver's Update Message (as if this one's extension came too late) takes the receipt away.
        var taken = await transport.ExtendAsync(received, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // well past the lease's first extension (at 1 s), which fails
        var held = await lease.StopAsync();

        Assert.NotNull(taken);
        Assert.Null(held);
        Assert.True(await transport.DeleteAsync(taken));
    }

    private static async Task LeaseOutlastsVisibilityAsync(IQueueTransport transport)
    {
        var queue = await NewQueueAsync(transport);
        await transport.SendAsync(queue, "feed-1");
        var received = Assert.Single(await transport.ReceiveAsync(queue, 1, Visibility));
        var lease = VisibilityLease.Start(transport, received, Visibility, TimeProvider.System, NullLogger.Instance, default);

        var seenByOthers = new List<QueueMessage>();
        for (var poll = 0; poll < 14; poll++) // three and a half visibility timeouts
        {
            await Task.Delay(Visibility / 4);
            seenByOthers.AddRange(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));
        }

        var held = await lease.StopAsync();

        Assert.Empty(seenByOthers);
        Assert.NotNull(held);
        Assert.Equal((received.MessageId, 1), (held.MessageId, held.DequeueCount));
        Assert.NotEqual(received.PopReceipt, held.PopReceipt);
        Assert.False(await transport.DeleteAsync(received));
        Assert.True(await transport.DeleteAsync(held));
    }

    private static async Task<string> NewQueueAsync(IQueueTransport transport)
    {
        var queue = "lease-" + Guid.NewGuid().ToString("N")[..20];
        await transport.CreateIfNotExistsAsync(queue);
        return queue;
    }
}
