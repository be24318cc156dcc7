namespace OrderCancellation.Api.Feeds;

/// <summary>Processes one feed queue message (a feed id reference or an inline feed). Throws when the message must be retried.</summary>
public interface IFeedMessageHandler
{
    /// <param name="body">The decoded message text.</param>
    /// <param name="dequeueCount">How many times the message has been delivered, this time included.</param>
    Task HandleAsync(string body, int dequeueCount, CancellationToken cancellationToken);

    /// <summary>The message went to the poison queue: its feed (an inline one is stored first, so its document is kept) becomes <c>FATAL</c> unless it already ended.</summary>
    Task MarkPoisonedAsync(string body, string reason, CancellationToken cancellationToken);
}
