using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Http;
using static OrderCancellation.Api.Feeds.Submitting.FeedSubmitOutcome;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary><c>POST /api/feeds</c>'s problem (RFC 9457) for each refusal of <see cref="Submitting.FeedSubmissions"/>.</summary>
internal static class FeedRefusalProblems
{
    public static IResult For(Refusal refusal) => refusal switch
    {
        UnknownFeedType => Problems.Validation(new Dictionary<string, string[]>
        {
            ["feedType"] = [$"Expected one of {string.Join(", ", FeedTypes.All.Select(t => t.Name()))}."],
        }),
        UnsupportedContentType u => Problems.UnsupportedMediaType(u.Sent, u.AcceptedTypes, u.FeedType.IsXml()
            ? $"{u.FeedType.Name()} is XML."
            : $"{u.FeedType.Name()} is not XML (XML is for {string.Join(" and ", FeedTypes.All.Where(t => t.IsXml()).Select(t => t.Name()))})."),
        IdempotencyKeyTooLong k => Problems.Validation(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [$"At most {k.MaxLength} characters."] }),
        TooLarge t => Problems.PayloadTooLarge(t.MaxBytes),
        EmptyDocument => Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["The feed document is empty."] }),
        OverQuota q => FeedQuotaProblem.Result(q.Usage, q.Quota, q.Bytes, q.At),
        IdempotencyKeyReused => Problems.IdempotencyKeyReused(),
        QueueUnavailable => Problems.Result(StatusCodes.Status503ServiceUnavailable, refusal.Code, "The feed could not be queued.", "Nothing was stored; submit it again."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "A refusal without a problem."),
    };
}
