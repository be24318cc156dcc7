using Microsoft.Extensions.Options;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.RateLimiting;
using static OrderCancellation.Api.Feeds.Submitting.FeedSubmitOutcome;

namespace OrderCancellation.Api.Feeds.Submitting;

/// <summary>
/// The one write path of a seller's feed document, for <c>POST /api/feeds</c> and the Feeds page alike: checks the
/// feed type, the content type, the Idempotency-Key and the size (<see cref="FeedsOptions.MaxDocumentBytes"/>), stores
/// the document as an <c>IN_QUEUE</c> feed within the seller's <see cref="FeedsOptions.MaxBytesPerSellerPerDay"/>, then
/// queues it. The store commits before the queue send; when the send fails the feed is removed again, so an accepted
/// feed is always queued.
/// </summary>
public sealed class FeedSubmissions(FeedStore store, FeedQueue queue, IOptions<FeedsOptions> options, TimeProvider time, ILogger<FeedSubmissions> logger)
{
    /// <summary>The scope of feed submissions' keys (<see cref="IdempotencyKeys.Scoped"/>).</summary>
    private const string Operation = "feeds";

    public async Task<FeedSubmitOutcome> SubmitAsync(FeedUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!FeedTypes.TryParse(upload.FeedType, out var type))
        {
            return new UnknownFeedType();
        }

        if (!FeedContentTypes.Fits(upload.ContentType, type))
        {
            return new UnsupportedContentType(type, upload.ContentType, FeedContentTypes.For(type));
        }

        if (upload.IdempotencyKey is { Length: > IdempotencyKeys.MaxLength })
        {
            return new IdempotencyKeyTooLong(IdempotencyKeys.MaxLength);
        }

        var max = options.Value.MaxDocumentBytes;
        if (upload.DeclaredLength > max || await FeedDocuments.ReadAsync(upload.Body, max, cancellationToken) is not { } read)
        {
            return new TooLarge(max);
        }

        if (read.Document.Length == 0)
        {
            return new EmptyDocument();
        }

        var (key, fingerprint) = (upload.IdempotencyKey, IdempotencyKeys.Fingerprint(type.Name(), read.Sha256));
        var feed = new NewFeed(
            Guid.CreateVersion7().ToString("N"), upload.SellerId, type.Name(), time.GetUtcNow(),
            key is null ? null : IdempotencyKeys.Scoped(key, upload.SellerId, Operation), key is null ? null : fingerprint);
        var quota = new FeedQuota(options.Value.MaxBytesPerSellerPerDay, FeedsOptions.QuotaWindow);
        var submission = await store.SubmitAsync(feed, read.Document, quota, cancellationToken);
        if (submission is FeedSubmission.OverQuota over)
        {
            RateLimitingLog.FeedQuotaExceeded(logger, upload.SellerId, read.Document.Length, quota.MaxBytes);
            return new OverQuota(over, quota, read.Document.Length, feed.CreatedAt);
        }

        var (stored, created) = (FeedSubmission.Stored)submission;
        return created ? await QueueNewAsync(stored, cancellationToken) : await ReplayAsync(stored, fingerprint, cancellationToken);
    }

    private async Task<FeedSubmitOutcome> QueueNewAsync(FeedRow stored, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendFeedAsync(stored.FeedId, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            FeedsLog.EnqueueFailed(logger, exception, stored.FeedId);
            await store.DeleteAsync(stored.FeedId, CancellationToken.None);
            return new QueueUnavailable();
        }

        FeedsLog.FeedSubmitted(logger, stored.FeedId, stored.FeedType, stored.SellerId, stored.DocumentBytes);
        return new Accepted(stored, Replayed: false);
    }

    /// <summary>A repeat of a stored submission's key: the first feed when it is the same document, else a refusal.</summary>
    private async Task<FeedSubmitOutcome> ReplayAsync(FeedRow stored, string fingerprint, CancellationToken cancellationToken)
    {
        if (stored.SubmissionFingerprint != fingerprint)
        {
            return new IdempotencyKeyReused();
        }

        if (stored.Status == FeedStatus.IN_QUEUE)
        {
            // The first attempt may have failed to queue; a second message is harmless (processing is idempotent).
            await queue.SendFeedAsync(stored.FeedId, cancellationToken);
        }

        return new Accepted(stored, Replayed: true);
    }
}
