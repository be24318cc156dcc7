using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Http;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Feeds.Submitting;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages.Pages.Seller;

/// <summary>Feeds: upload a file (multipart form), the seller's latest feeds with their progress, each one's report.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 11L * 1024 * 1024)]
[RequestSizeLimit(11L * 1024 * 1024)]
public sealed class FeedsModel(SellerFeeds feeds, FeedStore store) : PageModel
{
    public IReadOnlyList<FeedProgress> Feeds { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    /// <summary>Whether a feed is still running: the page then refreshes itself (a meta refresh, no script).</summary>
    public bool Running => Feeds.Any(f => f.Feed.Status is FeedStatus.IN_QUEUE or FeedStatus.IN_PROGRESS);

    /// <summary>
    /// The upload form's key, fresh at every render: the form sent twice (a double click, the back button) gives the
    /// first feed again instead of a second one.
    /// </summary>
    public string SubmissionKey { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SubmissionKey = Guid.NewGuid().ToString("N");
        Feeds = await feeds.LatestAsync(User.ToActor().Id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? feedType, IFormFile? file, string? submissionKey, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            ModelState.AddModelError("file", "Choose a file to upload.");
        }
        else
        {
            await using var content = file.OpenReadStream();
            var outcome = await feeds.SubmitAsync(User.ToActor().Id, feedType, file.ContentType, content, file.Length, submissionKey, cancellationToken);
            if (outcome is FeedSubmitOutcome.Accepted { Feed: var feed, Replayed: var replayed })
            {
                Notice = replayed ? $"Feed {feed.FeedId} was uploaded already (the form was sent twice)." : $"Feed {feed.FeedId} is queued.";
                return RedirectToPage();
            }

            var refusal = SellerFeeds.Describe((FeedSubmitOutcome.Refusal)outcome);
            ModelState.AddModelError(refusal.Field, refusal.Message);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>The processing report as TSV (Amazon's flat-file layout), the seller's own feeds only.</summary>
    public async Task<IActionResult> OnGetReportAsync(string feedId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(feedId) || await store.GetAsync(feedId, cancellationToken) is not { } feed || feed.SellerId != User.ToActor().Id)
        {
            return NotFound();
        }

        var body = new MemoryStream();
        await FeedReportWriter.WriteTsvAsync(feed, store.ReadReportAsync(feed.FeedId, cancellationToken), body, cancellationToken);
        body.Position = 0;
        return File(body, FeedReportWriter.TsvContentType, $"feed-{feed.FeedId}-report.tsv");
    }
}
