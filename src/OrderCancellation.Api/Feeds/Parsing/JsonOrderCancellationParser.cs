using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// <c>JSON_ORDER_CANCELLATION</c>:
/// <c>{"messages":[{"messageId":1,"orderId":"…","reason":"…","lines":[{"lineId":"…","quantity":1}]}]}</c>.
/// The messages array is read one message at a time (<see cref="JsonMessageSplitter"/>), so memory is
/// bounded by the largest message, not the document. The record number is the <c>messageId</c>; a
/// message without a usable one is reported under its 1-based position in the array.
/// </summary>
internal sealed class JsonOrderCancellationParser : IFeedParser
{
    public FeedType FeedType => FeedType.JSON_ORDER_CANCELLATION;

    public async IAsyncEnumerable<FeedEntry> ParseAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var splitter = new JsonMessageSplitter(content);
        var seenMessageIds = new HashSet<long>();
        var position = 0L;
        await foreach (var item in splitter.ReadAsync(cancellationToken))
        {
            if (item.Fatal is { } fatal)
            {
                yield return fatal;
                yield break;
            }

            using var message = item.Message!;
            position++;
            FeedEntry entry;
            try
            {
                entry = JsonMessage.Read(message.RootElement, position, seenMessageIds);
            }
            catch (InvalidOperationException)
            {
                // The reader checks UTF-8 only when a string is read.
                entry = new FeedEntry.RecordError(position, null, null, FeedErrorCodes.InvalidMessage, $"Message #{position} has text that is not valid UTF-8.");
            }

            yield return entry;
        }
    }
}
