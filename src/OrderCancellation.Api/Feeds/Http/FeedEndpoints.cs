using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Http.OpenApi;
using OrderCancellation.Api.RateLimiting;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary><c>/api/feeds</c> (§5, §7): submit a feed, read its status, read its processing report.</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/feeds").WithTags("Feeds");
        feeds.MapPost("", SubmitAsync).RequireAuthorization(Policies.Seller)
            .WithName("SubmitFeed").WithSummary("Submit a feed (seller)")
            .WithDescription("The body is the feed document of `feedType` (docs/feeds.md): TSV or JSON, XML for the XML feed types, text/plain or octet-stream for any. 202 `{feedId, processingStatus}` with `Location`; 413 over `Feeds:MaxDocumentBytes`; 429 `feed-quota-exceeded` over the seller's daily bytes; 503 when it could not be queued (nothing kept).")
            .Accepts<string>("text/tab-separated-values", "application/json", "text/plain", "application/octet-stream", "text/xml", "application/xml")
            .Produces<FeedSubmitted>(StatusCodes.Status202Accepted)
            .ProducesProblems(400, 403, 413, 415, 422, 503).WithIdempotencyKey()
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The feed.");
        feeds.MapGet("/{feedId}", GetAsync).RequireAuthorization(Policies.SellerOrMarketplace)
            .WithName("GetFeed").WithSummary("Read a feed's status and summary").WithDescription("A seller sees only their own feeds (another's is 404).")
            .Produces<FeedView>().ProducesProblems(403, 404);
        feeds.MapGet("/{feedId}/report", ReportAsync).RequireAuthorization(Policies.SellerOrMarketplace)
            .WithName("GetFeedReport").WithSummary("Read a feed's processing report")
            .WithDescription("Amazon's flat-file layout (TSV), or JSON with `Accept: application/json`.")
            .Produces<FeedReport>(StatusCodes.Status200OK, EndpointDocumentation.Json).AlsoProducesText("text/tab-separated-values")
            .ProducesProblems(403, 404);
        return app;
    }

    /// <summary>
    /// Stores the body (an XML content type for the XML feed types only, TSV or JSON for the others, text/plain or
    /// octet-stream for any; up to <see cref="FeedsOptions.MaxDocumentBytes"/>, within the seller's
    /// <see cref="FeedsOptions.MaxBytesPerSellerPerDay"/>) as an <c>IN_QUEUE</c> feed, then queues it. The store commits before the queue send; when the send fails
    /// the feed is removed again and the caller gets 503, so an accepted feed is always queued.
    /// </summary>
    internal static async Task<IResult> SubmitAsync(
        HttpRequest request, string? feedType, FeedStore store, FeedQueue queue, IOptions<FeedsOptions> options,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!FeedTypes.TryParse(feedType, out var type))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["feedType"] = [$"Expected one of {string.Join(", ", FeedTypes.All.Select(t => t.Name()))}."],
            });
        }

        if (ContentTypesFor(type) is var accepted && !Fits(request.ContentType, accepted))
        {
            return Problems.UnsupportedMediaType(request.ContentType, accepted, type.IsXml()
                ? $"{type.Name()} is XML."
                : $"{type.Name()} is not XML (XML is for {string.Join(" and ", FeedTypes.All.Where(t => t.IsXml()).Select(t => t.Name()))}).");
        }

        var key = IdempotencyKeys.From(request);
        if (key is { Length: > IdempotencyKeys.MaxLength })
        {
            return Problems.Validation(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [$"At most {IdempotencyKeys.MaxLength} characters."] });
        }

        var max = options.Value.MaxDocumentBytes;
        if (request.ContentLength > max)
        {
            return Problems.PayloadTooLarge(max);
        }

        if (await FeedDocuments.ReadAsync(request.Body, max, cancellationToken) is not { } read)
        {
            return Problems.PayloadTooLarge(max);
        }

        if (read.Document.Length == 0)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["The feed document is empty."] });
        }

        var seller = request.HttpContext.User.ToActor();
        var fingerprint = IdempotencyKeys.Fingerprint(type.Name(), read.Sha256);
        var feed = new NewFeed(
            Guid.CreateVersion7().ToString("N"), seller.Id, type.Name(), time.GetUtcNow(),
            key is null ? null : IdempotencyKeys.Scoped(key, seller.Id, "feeds"), key is null ? null : fingerprint);
        var quota = new FeedQuota(options.Value.MaxBytesPerSellerPerDay, FeedsOptions.QuotaWindow);
        var submission = await store.SubmitAsync(feed, read.Document, quota, cancellationToken);
        if (submission is FeedSubmission.OverQuota over)
        {
            RateLimitingLog.FeedQuotaExceeded(loggers.CreateLogger(typeof(FeedEndpoints)), seller.Id, read.Document.Length, quota.MaxBytes);
            return FeedQuotaProblem.Result(over, quota, read.Document.Length, feed.CreatedAt);
        }

        var (stored, created) = (FeedSubmission.Stored)submission;
        if (!created)
        {
            if (stored.SubmissionFingerprint != fingerprint)
            {
                return Problems.IdempotencyKeyReused();
            }

            if (stored.Status == FeedStatus.IN_QUEUE)
            {
                // The first attempt may have failed to queue; a second message is harmless (processing is idempotent).
                await queue.SendFeedAsync(stored.FeedId, cancellationToken);
            }

            return Accepted(stored);
        }

        try
        {
            await queue.SendFeedAsync(stored.FeedId, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            FeedsLog.EnqueueFailed(loggers.CreateLogger(typeof(FeedEndpoints)), exception, stored.FeedId);
            await store.DeleteAsync(stored.FeedId, CancellationToken.None);
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, "queue-unavailable", "The feed could not be queued.", "Nothing was stored; submit it again.");
        }

        FeedsLog.FeedSubmitted(loggers.CreateLogger(typeof(FeedEndpoints)), stored.FeedId, stored.FeedType, stored.SellerId, stored.DocumentBytes);
        return Accepted(stored);
    }

    /// <summary>
    /// What a feed of this type may come as, its own type first: XML types for the XML feeds, TSV or JSON for the others,
    /// text/plain or octet-stream for any. None at all is taken as the feed type's own (a raw client's bytes); anything
    /// else, curl's default form encoding among them, is 415 naming these.
    /// </summary>
    private static string[] ContentTypesFor(FeedType type) => type switch
    {
        _ when type.IsXml() => ["text/xml", "application/xml", "text/plain", "application/octet-stream"],
        FeedType.JSON_ORDER_CANCELLATION => ["application/json", "text/tab-separated-values", "text/plain", "application/octet-stream"],
        _ => ["text/tab-separated-values", "application/json", "text/plain", "application/octet-stream"],
    };

    private static bool Fits(string? contentType, string[] accepted) =>
        string.IsNullOrEmpty(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var media) && accepted.Contains(media.MediaType, StringComparer.OrdinalIgnoreCase));

    private static IResult Accepted(FeedRow feed) =>
        TypedResults.Accepted($"/api/feeds/{feed.FeedId}", new FeedSubmitted(feed.FeedId, feed.Status));

    internal static async Task<IResult> GetAsync(string feedId, HttpContext context, FeedStore store, CancellationToken cancellationToken) =>
        await VisibleAsync(feedId, context, store, cancellationToken) is { } feed
            ? TypedResults.Ok(FeedView.From(feed))
            : Problems.NotFound($"Feed {feedId}");

    internal static async Task<IResult> ReportAsync(string feedId, HttpContext context, FeedStore store, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(feedId, context, store, cancellationToken) is not { } feed)
        {
            return Problems.NotFound($"Feed {feedId}");
        }

        var json = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        var rows = store.ReadReportAsync(feed.FeedId, cancellationToken);
        return json
            ? Results.Stream(body => FeedReportWriter.WriteJsonAsync(feed, rows, body, cancellationToken), "application/json; charset=utf-8")
            : Results.Stream(body => FeedReportWriter.WriteTsvAsync(feed, rows, body, cancellationToken), FeedReportWriter.TsvContentType);
    }

    /// <summary>A seller sees only their own feeds; anyone else's is 404, exactly like a missing one.</summary>
    private static async Task<FeedRow?> VisibleAsync(string feedId, HttpContext context, FeedStore store, CancellationToken cancellationToken)
    {
        var feed = await store.GetAsync(feedId, cancellationToken);
        var caller = context.User.ToActor();
        return feed is not null && (caller.Role == ActorRole.Marketplace || feed.SellerId == caller.Id) ? feed : null;
    }
}
