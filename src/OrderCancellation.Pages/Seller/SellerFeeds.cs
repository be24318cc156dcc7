using Microsoft.Extensions.Caching.Memory;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Feeds.Submitting;

namespace OrderCancellation.Pages.Seller;

/// <summary>What the Feeds page shows of one feed: the row and, while it runs, how far it is (records processed of total).</summary>
public sealed record FeedProgress(FeedRow Feed, long Processed, long? Total);

/// <summary>A refused upload: the form field it is about and the text to show there.</summary>
public sealed record FeedRefusal(string Field, string Message);

/// <summary>
/// The Feeds page's application service: submits an uploaded file through <see cref="FeedSubmissions"/> (the write path
/// of <c>POST /api/feeds</c>: the same checks, quota, Idempotency-Key and queue), words its refusals for the form, lists
/// the seller's latest feeds and tells how far a running one is.
/// </summary>
public sealed class SellerFeeds(FeedSubmissions submissions, FeedStore store, IMemoryCache totals)
{
    public const int Shown = 20;

    /// <param name="contentType">The browser's type of the file, a guess from its name.</param>
    /// <param name="formKey">The form's key (one per render): a form sent twice gives the first feed, not a second.</param>
    public Task<FeedSubmitOutcome> SubmitAsync(
        string sellerId, string? feedType, string? contentType, Stream content, long length, string? formKey, CancellationToken cancellationToken) =>
        submissions.SubmitAsync(
            new FeedUpload(
                sellerId, feedType,
                // A type no feed names (text/csv for a .csv file) is the browser's guess, not the seller's word: plain bytes,
                // as the page always took them. XML against a non-XML feed type (or the reverse) is still refused.
                FeedContentTypes.IsKnown(contentType) ? contentType : FeedContentTypes.Unstated,
                content, string.IsNullOrWhiteSpace(formKey) ? null : formKey.Trim(), length),
            cancellationToken);

    /// <summary>What the form says next to the field a refusal is about.</summary>
    public static FeedRefusal Describe(FeedSubmitOutcome.Refusal refusal) => refusal switch
    {
        FeedSubmitOutcome.UnknownFeedType => new("feedType", $"Choose one of {string.Join(", ", FeedTypes.All.Select(t => t.Name()))}."),
        FeedSubmitOutcome.UnsupportedContentType { FeedType: var type } => new("file", type.IsXml()
            ? $"{type.Name()} is an XML feed type: upload an XML file."
            : $"This file is XML, and {type.Name()} is not an XML feed type."),
        FeedSubmitOutcome.TooLarge { MaxBytes: var max } => new("file", $"The file is larger than {max:N0} bytes."),
        FeedSubmitOutcome.EmptyDocument => new("file", "The file is empty."),
        FeedSubmitOutcome.OverQuota q => new("file", $"Your feeds of the last day reach the limit of {q.Quota.MaxBytes:N0} bytes; there is room again at {q.Usage.RoomAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."),
        FeedSubmitOutcome.IdempotencyKeyReused => new("file", "This form was sent before with another file; choose the file again to upload it as a new feed."),
        FeedSubmitOutcome.QueueUnavailable => new("file", "The feed could not be queued and was not stored; upload it again."),
        FeedSubmitOutcome.IdempotencyKeyTooLong => new("file", "This form is out of date; reload the page and upload the file again."), // an edited form
        _ => new("file", $"The upload was refused ({refusal.Code})."),
    };

    public async Task<IReadOnlyList<FeedProgress>> LatestAsync(string sellerId, CancellationToken cancellationToken)
    {
        var feeds = await store.ListLatestAsync(sellerId, Shown, cancellationToken);
        var shown = new List<FeedProgress>(feeds.Count);
        foreach (var feed in feeds)
        {
            var running = feed.Status is FeedStatus.IN_QUEUE or FeedStatus.IN_PROGRESS;
            shown.Add(new FeedProgress(feed, feed.Checkpoint, running ? await TotalAsync(feed, cancellationToken) : null));
        }

        return shown;
    }

    /// <summary>
    /// The feed's entries (what its checkpoint counts), by reading the stored document through its parser once; a
    /// document never changes, so the count is kept for the page's refreshes.
    /// </summary>
    private async Task<long> TotalAsync(FeedRow feed, CancellationToken cancellationToken) =>
        await totals.GetOrCreateAsync($"feed-total:{feed.FeedId}", async entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            entry.Size = 1;
            await using var document = store.OpenDocument(feed);
            long count = 0;
            await foreach (var _ in FeedParsers.ParseAsync(feed.FeedType, document, cancellationToken))
            {
                count++;
            }

            return count;
        });
}
