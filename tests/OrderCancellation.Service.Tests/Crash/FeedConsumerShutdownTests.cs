using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store.Queues;

namespace OrderCancellation.Service.Tests.Crash;

/// <summary>
/// Issue 18, point 7, for the feed queue: a message still being handled when the consumer stops is visible again at once
/// (its dequeue count kept), on both transports, though it was received with a 10-minute visibility timeout. The handler
/// is a stand-in that never finishes on its own, so the stop always lands mid-message.
/// </summary>
public sealed class FeedConsumerShutdownTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [Fact]
    public async Task A_message_being_handled_when_the_consumer_stops_is_visible_again_at_once_on_the_embedded_queue()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, HostFixture.QuietActivities());

        await HandedBackOnStopAsync(host.Services.GetRequiredService<IQueueTransport>(), s => s.AddSingleton(host.Services.GetRequiredService<IQueueTransport>()));
    }

    [Fact]
    public async Task A_message_being_handled_when_the_consumer_stops_is_visible_again_at_once_on_the_Azure_Storage_queue()
    {
        var transport = new AzureStorageQueueTransport(azurite.ConnectionString);

        await HandedBackOnStopAsync(transport, s => s.AddSingleton(transport));
    }

    private static async Task HandedBackOnStopAsync(IQueueTransport transport, Action<IServiceCollection> registerTransport)
    {
        var queue = $"shutdown-{Guid.NewGuid():N}"[..24];
        var options = Options.Create(new FeedsOptions
        {
            QueueName = queue,
            VisibilityTimeout = TimeSpan.FromMinutes(10),
            PollInterval = TimeSpan.FromMilliseconds(100),
            MaxConcurrentMessages = 1,
        });
        var handler = new NeverEndingHandler();
        var services = new ServiceCollection().AddSingleton<IFeedMessageHandler>(handler).AddSingleton(options).AddSingleton<FeedQueue>();
        registerTransport(services);
        await using var provider = services.BuildServiceProvider();
        await transport.CreateIfNotExistsAsync(queue);
        await transport.SendAsync(queue, """{"feedId":"F-shutdown"}""");
        var consumer = new FeedQueueConsumer(provider, options, TimeProvider.System, NullLogger<FeedQueueConsumer>.Instance);

        await consumer.StartAsync(CancellationToken.None);
        var delivered = await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await consumer.StopAsync(CancellationToken.None);
        var again = await transport.ReceiveAsync(queue, 1, TimeSpan.FromMinutes(1));

        Assert.Equal(1, delivered);
        Assert.Equal(("""{"feedId":"F-shutdown"}""", 2), (Assert.Single(again).Body, again[0].DequeueCount));
    }

    /// <summary>Takes a message and works on it until the consumer's stop cancels it.</summary>
    private sealed class NeverEndingHandler : IFeedMessageHandler
    {
        public TaskCompletionSource<int> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task HandleAsync(string body, int dequeueCount, CancellationToken cancellationToken)
        {
            Started.TrySetResult(dequeueCount);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task MarkPoisonedAsync(string body, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
