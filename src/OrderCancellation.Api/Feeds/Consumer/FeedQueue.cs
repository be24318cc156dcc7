using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCancellation.Store.Queues;
using OrderCancellation.Api.Feeds.Queues;

namespace OrderCancellation.Api.Feeds.Consumer;

/// <summary>
/// The feed queue and its transport: the Azure Storage queue when <c>AzureWebJobsStorage</c> is set (its
/// <see cref="AzureStorageQueueTransport"/> is registered), else the runtime's embedded store queue
/// (<see cref="IQueueTransport"/>). Chosen here, so the runtime's own registration is left as it is.
/// Creates the queues on first use and wakes the local consumer after a send.
/// </summary>
public sealed class FeedQueue
{
    private readonly IOptions<FeedsOptions> _options;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    public FeedQueue(IServiceProvider services, IOptions<FeedsOptions> options)
    {
        _options = options;
        Transport = services.GetService<AzureStorageQueueTransport>() ?? services.GetRequiredService<IQueueTransport>();
    }

    public IQueueTransport Transport { get; }

    public string Name => _options.Value.QueueName;

    public string PoisonName => _options.Value.PoisonQueueName;

    /// <summary>Signalled after a local send, so the consumer looks at once instead of at its next poll.</summary>
    public FeedWakeUp WakeUp { get; } = new();

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await Transport.CreateIfNotExistsAsync(Name, cancellationToken);
                await Transport.CreateIfNotExistsAsync(PoisonName, cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>Queues <c>{"feedId":"…"}</c>.</summary>
    public async Task SendFeedAsync(string feedId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await Transport.SendAsync(Name, JsonSerializer.Serialize(new { feedId }), cancellationToken);
        WakeUp.Set();
    }
}

/// <summary>An auto-reset wake-up that can be awaited with a timeout.</summary>
public sealed class FeedWakeUp
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _source).TrySetResult();

    /// <summary>Returns when set or after <paramref name="timeout"/>; resets the signal.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = Volatile.Read(ref _source);
        if (!source.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            await Task.WhenAny(source.Task, Task.Delay(timeout, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (source.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), source);
        }
    }
}
