namespace OrderCancellation.Api.Feeds.Submitting;

/// <summary>A seller's feed document as it arrives, from <c>POST /api/feeds</c> or the Feeds page's form.</summary>
/// <param name="FeedType">As sent; <see cref="FeedSubmissions"/> checks it.</param>
/// <param name="ContentType">The document's media type; null when none was given (taken as the feed type's own).</param>
/// <param name="IdempotencyKey">The caller's key for this submission (trimmed, null when blank): a repeat returns the first feed.</param>
/// <param name="DeclaredLength">The length announced before the body (Content-Length), so that too large is refused unread.</param>
public sealed record FeedUpload(
    string SellerId, string? FeedType, string? ContentType, Stream Body, string? IdempotencyKey, long? DeclaredLength = null);
