using System.Runtime.CompilerServices;
using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>The parser for each feed type. Parsers are stateless and thread-safe.</summary>
public static class FeedParsers
{
    private static readonly IFeedParser Acknowledgement = new OrderAcknowledgementFlatFileParser();
    private static readonly IFeedParser Adjustment = new PaymentAdjustmentFlatFileParser();
    private static readonly IFeedParser Json = new JsonOrderCancellationParser();
    private static readonly IFeedParser XmlAcknowledgement = new Xml.OrderAcknowledgementXmlParser();
    private static readonly IFeedParser XmlAdjustment = new Xml.PaymentAdjustmentXmlParser();

    public static IFeedParser For(FeedType feedType) => feedType switch
    {
        FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA => Acknowledgement,
        FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA => Adjustment,
        FeedType.JSON_ORDER_CANCELLATION => Json,
        FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA => XmlAcknowledgement,
        FeedType.POST_PAYMENT_ADJUSTMENT_DATA => XmlAdjustment,
        _ => throw new ArgumentOutOfRangeException(nameof(feedType), feedType, "Not a feed type."),
    };

    /// <summary>
    /// Parses a feed whose type arrives as text (an inline queue message, a stored feed): an unknown
    /// type yields a single <see cref="FeedEntry.Fatal"/> with <see cref="FeedErrorCodes.UnknownFeedType"/>.
    /// </summary>
    public static IAsyncEnumerable<FeedEntry> ParseAsync(string? feedType, Stream content, CancellationToken cancellationToken = default) =>
        FeedTypes.TryParse(feedType, out var type)
            ? For(type).ParseAsync(content, cancellationToken)
            : UnknownFeedType(feedType);

    /// <summary>Parses inline content (a string in a queue message).</summary>
    public static async IAsyncEnumerable<FeedEntry> ParseAsync(string? feedType, string content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content), writable: false);
        await foreach (var entry in ParseAsync(feedType, stream, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private static async IAsyncEnumerable<FeedEntry> UnknownFeedType(string? feedType)
    {
        await Task.CompletedTask;
        var expected = string.Join(", ", FeedTypes.All.Select(t => t.Name()));
        yield return new FeedEntry.Fatal(
            FeedErrorCodes.UnknownFeedType,
            string.IsNullOrWhiteSpace(feedType)
                ? $"The feed type is missing; expected one of {expected}."
                : $"Unknown feed type '{Printable.Clip(feedType, 100)}'; expected one of {expected}.");
    }
}
