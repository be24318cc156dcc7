using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Api.Feeds.Submitting;

/// <summary>
/// What <see cref="FeedSubmissions.SubmitAsync"/> did: accepted the feed (stored and queued, or found as the first
/// submission of the same key), or refused it for an expected reason. Refusals are values with a stable
/// <see cref="Refusal.Code"/> (the API's problem code); each edge words them its own way (a problem, a form message).
/// </summary>
public abstract record FeedSubmitOutcome
{
    private FeedSubmitOutcome()
    {
    }

    /// <param name="Replayed">True when the feed is the first submission of the same Idempotency-Key, not a new one.</param>
    public sealed record Accepted(FeedRow Feed, bool Replayed) : FeedSubmitOutcome;

    public abstract record Refusal(string Code) : FeedSubmitOutcome;

    public sealed record UnknownFeedType() : Refusal(ValidationFailed);

    /// <param name="Sent">The content type given, null for none.</param>
    public sealed record UnsupportedContentType(FeedType FeedType, string? Sent, IReadOnlyList<string> AcceptedTypes) : Refusal("unsupported-media-type");

    public sealed record IdempotencyKeyTooLong(int MaxLength) : Refusal(ValidationFailed);

    public sealed record TooLarge(long MaxBytes) : Refusal("payload-too-large");

    public sealed record EmptyDocument() : Refusal(ValidationFailed);

    /// <param name="Bytes">This document's length.</param>
    /// <param name="At">When it was refused (the quota's window ends relative to it).</param>
    public sealed record OverQuota(FeedSubmission.OverQuota Usage, FeedQuota Quota, long Bytes, DateTimeOffset At) : Refusal("feed-quota-exceeded");

    /// <summary>The key was used before for another document or feed type.</summary>
    public sealed record IdempotencyKeyReused() : Refusal("idempotency-key-reused");

    /// <summary>Stored, but the queue refused its message: the feed was removed again, nothing is kept.</summary>
    public sealed record QueueUnavailable() : Refusal("queue-unavailable");

    private const string ValidationFailed = "validation-failed";
}
