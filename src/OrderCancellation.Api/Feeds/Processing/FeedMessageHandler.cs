using System.Text;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Api.Feeds.Processing;

/// <summary>
/// <see cref="IFeedMessageHandler"/>: resolves the message to a stored feed (storing an inline feed first,
/// under its derived id) and processes it. Throws when the delivery failed, so the message is delivered
/// again; on the last allowed delivery (<see cref="FeedsOptions.MaxDequeueCount"/>) a failure also makes the
/// feed <c>FATAL</c> before the message goes to the poison queue.
/// </summary>
public sealed class FeedMessageHandler(FeedStore store, FeedProcessor processor, IOptions<FeedsOptions> options, TimeProvider time, ILogger<FeedMessageHandler> logger) : IFeedMessageHandler
{
    /// <summary>The code of a feed whose message went to the poison queue.</summary>
    public const string PoisonedCode = "processing-failed";

    public async Task HandleAsync(string body, int dequeueCount, CancellationToken cancellationToken)
    {
        var message = FeedMessage.Parse(body);
        try
        {
            if (message is FeedMessage.Inline inline)
            {
                await StoreInlineAsync(inline, cancellationToken);
            }

            await processor.ProcessAsync(FeedIdOf(message), cancellationToken);
        }
        catch (Exception exception) when (dequeueCount >= options.Value.MaxDequeueCount && !cancellationToken.IsCancellationRequested)
        {
            await MarkPoisonedAsync(message, $"Processing failed on each of {dequeueCount} deliveries; the last error: {exception.GetType().Name}: {exception.Message}", CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The message is going (or went) to the poison queue: its feed (if any) becomes <c>FATAL</c>. An inline feed
    /// that no delivery got as far as storing is stored first, so what the seller sent is kept with the reason.
    /// </summary>
    public async Task MarkPoisonedAsync(string body, string reason, CancellationToken cancellationToken)
    {
        FeedMessage message;
        try
        {
            message = FeedMessage.Parse(body);
        }
        catch (FeedMessageFormatException)
        {
            return; // no feed to mark
        }

        if (message is FeedMessage.Inline inline)
        {
            await StoreInlineAsync(inline, cancellationToken);
        }

        await MarkPoisonedAsync(message, reason, cancellationToken);
    }

    private async Task MarkPoisonedAsync(FeedMessage message, string reason, CancellationToken cancellationToken)
    {
        var feedId = FeedIdOf(message);
        if (await store.FailAsync(feedId, PoisonedCode, reason, time.GetUtcNow(), cancellationToken))
        {
            FeedsLog.FeedFatal(logger, feedId, PoisonedCode, reason);
        }
    }

    private async Task StoreInlineAsync(FeedMessage.Inline inline, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(inline.Content);
        var feedType = inline.FeedType is { Length: > 100 } t ? t[..100] : inline.FeedType ?? string.Empty;
        var (feed, created) = await store.CreateAsync(
            new NewFeed(inline.FeedId, inline.SellerId, feedType, time.GetUtcNow()),
            FeedDocuments.FromBytes(bytes),
            cancellationToken);
        if (created)
        {
            FeedsLog.FeedSubmitted(logger, feed.FeedId, feed.FeedType, feed.SellerId, feed.DocumentBytes);
        }
    }

    private static string FeedIdOf(FeedMessage message) => message switch
    {
        FeedMessage.Reference reference => reference.FeedId,
        FeedMessage.Inline inline => inline.FeedId,
        _ => throw new InvalidOperationException("Unknown feed message."),
    };
}
