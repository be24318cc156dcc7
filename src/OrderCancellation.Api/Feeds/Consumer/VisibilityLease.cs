using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Store.Queues;

namespace OrderCancellation.Api.Feeds.Consumer;

/// <summary>
/// Keeps a received message hidden while its work runs, as the Functions host does for its queue trigger: every half
/// visibility timeout it extends the message by another timeout and keeps the new pop receipt, so a feed that takes
/// longer than <see cref="FeedsOptions.VisibilityTimeout"/> is not delivered to a second consumer meanwhile, and the
/// final delete (or move to the poison queue) presents the receipt that holds. A failed extension is retried at the next
/// interval; a lost receipt (someone else received the message) ends the lease, and the feed's checkpoint keeps the two
/// runs from applying a record twice.
/// </summary>
public sealed class VisibilityLease
{
    private readonly IQueueTransport _transport;
    private readonly TimeSpan _visibilityTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _cancellationToken;
    private readonly Task _renewing;
    private QueueMessage? _message;

    private VisibilityLease(IQueueTransport transport, QueueMessage message, TimeSpan visibilityTimeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _transport = transport;
        _message = message;
        _visibilityTimeout = visibilityTimeout;
        _time = time;
        _logger = logger;
        _cancellationToken = cancellationToken;
        _renewing = RenewAsync();
    }

    /// <summary>Starts renewing <paramref name="message"/>, received with <paramref name="visibilityTimeout"/>.</summary>
    /// <param name="cancellationToken">Stops renewing (the host is stopping); an extension in flight is not cut short by <see cref="StopAsync"/>.</param>
    public static VisibilityLease Start(IQueueTransport transport, QueueMessage message, TimeSpan visibilityTimeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        return new VisibilityLease(transport, message, visibilityTimeout, time, logger, cancellationToken);
    }

    /// <summary>
    /// Stops renewing and returns the message with the receipt that holds now, or null when it was lost. Waits for an
    /// extension in flight, whose new receipt the caller needs.
    /// </summary>
    public async Task<QueueMessage?> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        return _message;
    }

    /// <summary>
    /// Stops renewing and makes the message visible again at once (its dequeue count kept), for a consumer that stops
    /// before the work is done: another consumer takes it now instead of when the visibility timeout ends. A failure is
    /// logged: the message then reappears at the end of its timeout, as before.
    /// </summary>
    public async Task HandBackAsync()
    {
        if (await StopAsync() is not { } held)
        {
            return;
        }

        try
        {
            // Not the stopping token: it has fired, and this write is the point of the stop.
            if (await _transport.ExtendAsync(held, TimeSpan.Zero, CancellationToken.None) is not null)
            {
                QueueLog.HandedBack(_logger, held.MessageId, held.QueueName, held.DequeueCount);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            QueueLog.HandBackFailed(_logger, exception, held.MessageId, held.QueueName);
        }
    }

    private async Task RenewAsync()
    {
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _cancellationToken);
        var interval = _visibilityTimeout / 2;
        while (_message is { } held)
        {
            try
            {
                await Task.Delay(interval, _time, stopped.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                _message = await _transport.ExtendAsync(held, _visibilityTimeout, _cancellationToken);
                if (_message is null)
                {
                    FeedsLog.LeaseLost(_logger, held.MessageId, held.QueueName);
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                FeedsLog.LeaseExtendFailed(_logger, exception, held.MessageId, held.QueueName, interval);
            }
        }
    }
}
