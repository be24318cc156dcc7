using System.Net.Http.Headers;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Pages.Seller;

/// <summary>What the Feeds page shows of one feed: the row and, while it runs, how far it is (records processed of total).</summary>
public sealed record FeedProgress(FeedRow Feed, long Processed, long? Total);

/// <summary>A refused upload: the form field it is about and the text to show there.</summary>
public sealed record FeedRefusal(string Field, string Message);

/// <summary>
/// The Feeds page's application service: submits an uploaded file the way <c>POST /api/feeds</c> does (the same store,
/// quota and queue: stored first, then queued, removed again when the queue refuses it), lists the seller's latest
/// feeds and tells how far a running one is.
/// </summary>
public sealed class SellerFeeds(FeedStore store, FeedQueue queue, IOptions<FeedsOptions> options, IMemoryCache totals, TimeProvider time)
{
    public const int Shown = 20;

    public async Task<(FeedRow? Feed, FeedRefusal? Refusal)> SubmitAsync(
        string sellerId, string? feedType, string? contentType, Stream content, CancellationToken cancellationToken)
    {
        if (!FeedTypes.TryParse(feedType, out var type))
        {
            return (null, new FeedRefusal("feedType", $"Choose one of {string.Join(", ", FeedTypes.All.Select(t => t.Name()))}."));
        }

        if (IsXml(contentType) is { } xml && xml != type.IsXml())
        {
            return (null, new FeedRefusal("file", xml
                ? $"This file is XML, and {type.Name()} is not an XML feed type."
                : $"{type.Name()} is an XML feed type: upload an XML file."));
        }

        var max = options.Value.MaxDocumentBytes;
        if (await FeedDocuments.ReadAsync(content, max, cancellationToken) is not { } read)
        {
            return (null, new FeedRefusal("file", $"The file is larger than {max:N0} bytes."));
        }

        if (read.Document.Length == 0)
        {
            return (null, new FeedRefusal("file", "The file is empty."));
        }

        var feed = new NewFeed(Guid.CreateVersion7().ToString("N"), sellerId, type.Name(), time.GetUtcNow());
        var quota = new FeedQuota(options.Value.MaxBytesPerSellerPerDay, FeedsOptions.QuotaWindow);
        if (await store.SubmitAsync(feed, read.Document, quota, cancellationToken) is FeedSubmission.OverQuota over)
        {
            return (null, new FeedRefusal("file", $"Your feeds of the last day reach the limit of {quota.MaxBytes:N0} bytes; there is room again at {over.RoomAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        try
        {
            await queue.SendFeedAsync(feed.FeedId, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // As the API: an accepted feed is always queued, so one that cannot be is not kept.
            await store.DeleteAsync(feed.FeedId, CancellationToken.None);
            return (null, new FeedRefusal("file", "The feed could not be queued and was not stored; upload it again."));
        }

        return (await store.GetAsync(feed.FeedId, cancellationToken), null);
    }

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

    /// <summary>True for an XML content type, false for TSV or JSON, null for those any feed may come as (as the API decides).</summary>
    private static bool? IsXml(string? contentType) =>
        !MediaTypeHeaderValue.TryParse(contentType, out var media) ? null : media.MediaType?.ToUpperInvariant() switch
        {
            "TEXT/XML" or "APPLICATION/XML" => true,
            "TEXT/TAB-SEPARATED-VALUES" or "APPLICATION/JSON" => false,
            _ => null,
        };
}
