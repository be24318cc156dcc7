using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Feeds.Submitting;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Http.OpenApi;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary><c>/api/feeds</c> (§5, §7): submit a feed, read its status, read its processing report.</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/feeds").WithTags("Feeds");
        feeds.MapPost("", SubmitFeedAsync).RequireAuthorization(Policies.Seller)
            .WithName("SubmitFeed").WithSummary("Submit a feed (seller)")
            .WithDescription("The body is the feed document of `feedType` (docs/feeds.md): TSV or JSON, XML for the XML feed types, text/plain or octet-stream for any. 202 `{feedId, processingStatus}` with `Location`; 413 over `Feeds:MaxDocumentBytes`; 429 `feed-quota-exceeded` over the seller's daily bytes; 503 when it could not be queued (nothing kept).")
            .Accepts<string>(FeedContentTypes.All[0], [.. FeedContentTypes.All.Skip(1)])
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
    /// Submits the body through <see cref="FeedSubmissions"/> (the Feeds page's path too): 202 with the feed (new, or the
    /// first of the same Idempotency-Key), or the refusal's problem.
    /// </summary>
    internal static async Task<IResult> SubmitFeedAsync(HttpRequest request, string? feedType, FeedSubmissions submissions, CancellationToken cancellationToken)
    {
        var upload = new FeedUpload(
            request.HttpContext.User.ToActor().Id, feedType, request.ContentType, request.Body, IdempotencyKeys.From(request), request.ContentLength);
        return await submissions.SubmitAsync(upload, cancellationToken) switch
        {
            FeedSubmitOutcome.Accepted accepted => Accepted(accepted.Feed),
            FeedSubmitOutcome.Refusal refusal => FeedRefusalProblems.For(refusal),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

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
