using System.Net.Http.Headers;
using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Api.Feeds.Submitting;

/// <summary>What content types a feed document may come as (docs/feeds.md).</summary>
public static class FeedContentTypes
{
    /// <summary>Any feed type may come as it: bytes whose type nobody stated.</summary>
    public const string Unstated = "application/octet-stream";

    private static readonly string[] Xml = ["text/xml", "application/xml", "text/plain", Unstated];
    private static readonly string[] Json = ["application/json", "text/tab-separated-values", "text/plain", Unstated];
    private static readonly string[] FlatFile = ["text/tab-separated-values", "application/json", "text/plain", Unstated];

    /// <summary>Every content type some feed type may come as (the endpoint's routing and its 415 list them).</summary>
    public static IReadOnlyList<string> All { get; } = [.. FlatFile.Union(Xml)];

    /// <summary>
    /// What a feed of this type may come as, its own type first: XML types for the XML feeds, TSV or JSON for the others,
    /// text/plain or octet-stream for any.
    /// </summary>
    public static IReadOnlyList<string> For(FeedType type) => type switch
    {
        _ when type.IsXml() => Xml,
        FeedType.JSON_ORDER_CANCELLATION => Json,
        _ => FlatFile,
    };

    /// <summary>
    /// None at all is taken as the feed type's own (a raw client's bytes); anything else must be one of
    /// <see cref="For"/>, so curl's default form encoding is refused.
    /// </summary>
    public static bool Fits(string? contentType, FeedType type) =>
        string.IsNullOrEmpty(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var media) && For(type).Contains(media.MediaType, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether any feed type names this content type (a browser's guess from a file name often is none of them).</summary>
    public static bool IsKnown(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && All.Contains(media.MediaType, StringComparer.OrdinalIgnoreCase);
}
