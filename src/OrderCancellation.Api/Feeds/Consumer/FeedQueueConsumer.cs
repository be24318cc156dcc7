using Microsoft.Extensions.Options;
using OrderCancellation.Store.Queues;
using OrderCancellation.Api.Feeds.Processing;

namespace OrderCancellation.Api.Feeds.Consumer;

/// <summary>
/// The in-process feed queue consumer (standalone hosting). Receives up to
/// <see cref="FeedsOptions.MaxConcurrentMessages"/> with <see cref="FeedsOptions.VisibilityTimeout"/>,
/// processes them at once, keeping each hidden while it runs (<see cref="VisibilityLease"/>), and deletes a
/// message only after its work succeeded: a failed message reappears after its visibility timeout. A message on its last allowed delivery that fails, or one
/// delivered more often than allowed (its processor died each time), goes to the poison queue (sent there,
/// then deleted) and its feed becomes FATAL. A message still being handled when the host stops is handed back (visible
/// again at once). Off under the Functions host, whose queue trigger delivers.
/// </summary>
public sealed class FeedQueueConsumer(
    IServiceProvider services,
    IOptions<FeedsOptions> options,
    TimeProvider time,
    ILogger<FeedQueueConsumer> logger) : BackgroundService
{
    private FeedQueue? _queue;
    private IFeedMessageHandler? _handler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting (the schema migrates in an earlier hosted service)
        var o = options.Value;
        if (!o.ConsumerEnabled)
        {
            FeedsLog.ConsumerOff(logger, "Feeds:ConsumerEnabled is false");
            return;
        }

        var backoff = new PollerBackoff(o.PollInterval, idleMin: TimeSpan.FromMilliseconds(50));
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                // Resolved here, not injected: a missing dependency is logged and retried instead of stopping the host.
                if (_queue is null)
                {
                    _handler = services.GetRequiredService<IFeedMessageHandler>();
                    _queue = services.GetRequiredService<FeedQueue>();
                    FeedsLog.ConsumerStarted(logger, _queue.Name, _queue.Transport.GetType().Name);
                }

                var queue = _queue;
                await queue.EnsureCreatedAsync(stoppingToken);
                var messages = await queue.Transport.ReceiveAsync(queue.Name, o.MaxConcurrentMessages, o.VisibilityTimeout, stoppingToken);
                if (messages.Count == 0)
                {
                    delay = backoff.Idle();
                }
                else
                {
                    await Task.WhenAll(messages.Select(m => HandleAsync(m, stoppingToken)));
                    delay = backoff.Busy();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                delay = backoff.Failed();
                FeedsLog.ConsumerFailed(logger, exception, delay);
            }

            try
            {
                await (_queue?.WakeUp.WaitAsync(delay, stoppingToken) ?? Task.Delay(delay, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>One message: handled and deleted, left for redelivery, or poisoned. Throws only when the queue itself fails.</summary>
    private async Task HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var queue = _queue!;
        var handler = _handler!;
        var max = options.Value.MaxDequeueCount;
        if (message.DequeueCount > max)
        {
            var why = $"The message was delivered {message.DequeueCount} times without being completed (the maximum is {max}).";
            await handler.MarkPoisonedAsync(message.Body, why, stoppingToken);
            await PoisonAsync(message, why, stoppingToken);
            return;
        }

        // Kept hidden while it runs, so a feed longer than the visibility timeout is not delivered twice meanwhile.
        var lease = VisibilityLease.Start(queue.Transport, message, options.Value.VisibilityTimeout, time, logger, stoppingToken);
        Exception? failure = null;
        try
        {
            await handler.HandleAsync(message.Body, message.DequeueCount, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (the cancellation may surface as another exception): the next consumer takes the message at
            // once, and the feed's checkpoint keeps it from applying a record twice.
            await lease.HandBackAsync();
            return;
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (await lease.StopAsync() is not { } held)
        {
            return; // another delivery has the message now; it finds the feed as this one left it
        }

        switch (failure)
        {
            case FeedMessageFormatException:
                await PoisonAsync(held, failure.Message, stoppingToken); // no delivery can process it
                return;
            case not null:
                FeedsLog.MessageFailed(logger, failure, message.MessageId, message.DequeueCount);
                if (message.DequeueCount >= max)
                {
                    // The handler has made the feed FATAL; move the message aside as the Functions host would.
                    await PoisonAsync(held, $"{failure.GetType().Name}: {failure.Message}", stoppingToken);
                }

                return;
        }

        if (await queue.Transport.DeleteAsync(held, stoppingToken))
        {
            FeedsLog.MessageHandled(logger, message.MessageId, message.DequeueCount);
        }
        else
        {
            FeedsLog.MessageNotDeleted(logger, message.MessageId);
        }
    }

    private async Task PoisonAsync(QueueMessage message, string why, CancellationToken cancellationToken)
    {
        var queue = _queue!;
        // Send first, then delete: a crash in between leaves a duplicate in the poison queue, never a loss.
        await queue.Transport.SendAsync(queue.PoisonName, message.Body, cancellationToken);
        await queue.Transport.DeleteAsync(message, cancellationToken);
        FeedsLog.MessagePoisoned(logger, message.MessageId, queue.PoisonName, message.DequeueCount, why);
    }
}
