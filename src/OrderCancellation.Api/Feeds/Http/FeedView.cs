using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary>The feed as the API shows it (§5).</summary>
public sealed record FeedView(
    string FeedId,
    string FeedType,
    string SellerId,
    FeedStatus ProcessingStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset? ProcessingStartTime,
    DateTimeOffset? ProcessingEndTime,
    FeedSummary Summary,
    string? FatalReason)
{
    public static FeedView From(FeedRow feed) => new(
        feed.FeedId, feed.FeedType, feed.SellerId, feed.Status, feed.CreatedAt, feed.StartedAt, feed.EndedAt, feed.Summary,
        feed.FatalReason is null ? null : $"{feed.FatalCode}: {feed.FatalReason}");
}

/// <summary>The answer to a submission: 202 with this and a Location.</summary>
public sealed record FeedSubmitted(string FeedId, FeedStatus ProcessingStatus);
