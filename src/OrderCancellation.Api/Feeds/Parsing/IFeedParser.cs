namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// Reads one feed document as a stream of <see cref="FeedEntry"/> values, in bounded memory whatever
/// its size. Never throws for bad content (that is a <see cref="FeedEntry.RecordError"/> or a
/// <see cref="FeedEntry.Fatal"/>); only for I/O failures of the stream and cancellation. Does not
/// dispose <paramref name="content"/>.
/// </summary>
public interface IFeedParser
{
    FeedType FeedType { get; }

    IAsyncEnumerable<FeedEntry> ParseAsync(Stream content, CancellationToken cancellationToken = default);
}
