using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>
/// Amazon's XML feeds: an <c>AmazonEnvelope</c> (any namespace) holding a <c>Header</c> (not read: the seller is the
/// authenticated caller), a <c>MessageType</c> that must name this feed type's message, and <c>Message</c> elements,
/// each a <c>MessageID</c> and one body element named as the message type. The document is read forward with
/// <see cref="XmlReader"/>, one message at a time, so memory is bounded by a message (values clipped to
/// <see cref="XmlElements.MaxValueLength"/>, items to one over <see cref="Http.InputBounds.MaxLines"/>), not the document.
/// <para>DTDs are prohibited (no entity expansion, no external resource is ever fetched): a document with one is
/// <c>FATAL</c> <c>dtd-prohibited</c>. A document that is not well-formed XML is <c>FATAL</c> <c>invalid-xml</c>
/// where the reader stops, after the messages read before it (an XML reader cannot resynchronise, so a broken
/// message cannot be told apart from the rest of the document). A well-formed message that breaks the schema or a bound
/// is a per-record error. The record number is the <c>MessageID</c>; a message without a usable one is reported under its
/// 1-based position, like the JSON feed.</para>
/// </summary>
internal abstract class XmlFeedParser<TBody> : IFeedParser
    where TBody : class
{
    private const string Envelope = "AmazonEnvelope";

    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    public abstract FeedType FeedType { get; }

    /// <summary>The envelope's <c>MessageType</c>, also the name of each message's body element.</summary>
    protected abstract string MessageType { get; }

    /// <summary>Reads the body element the reader is on (and leaves the reader after it).</summary>
    protected abstract Task<TBody> ReadBodyAsync(XmlReader reader);

    /// <summary>The body's order id, as an error row may show it.</summary>
    protected abstract string? OrderIdOf(TBody body);

    protected abstract FeedEntry ToEntry(long recordNumber, TBody body);

    public async IAsyncEnumerable<FeedEntry> ParseAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var prolog = new PrologRecorder(content);
        using var reader = XmlReader.Create(prolog, Settings);
        var document = new Document(this, reader);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FeedEntry? entry;
            try
            {
                entry = await document.NextAsync();
            }
            catch (XmlException exception)
            {
                entry = !document.SawRoot && prolog.WasBlank()
                    ? new FeedEntry.Fatal(FeedErrorCodes.EmptyFeed, $"The document is empty; a {FeedType.Name()} feed is an <{Envelope}> of {MessageType} messages.")
                    : !document.SawRoot && prolog.SawDocumentType()
                    ? new FeedEntry.Fatal(FeedErrorCodes.DtdProhibited,
                        "The document has a document type declaration (<!DOCTYPE …>); DTDs are prohibited in feeds because they can expand entities and fetch external files. Remove it and submit the feed again.")
                    : new FeedEntry.Fatal(FeedErrorCodes.InvalidXml, $"The document is not well-formed XML: {Printable.Clip(exception.Message, 300)}");
            }

            if (entry is null)
            {
                yield break;
            }

            yield return entry;
            if (entry is FeedEntry.Fatal)
            {
                yield break;
            }
        }
    }

    /// <summary>One pass over the envelope: each call reads up to the next message and makes its entry.</summary>
    private sealed class Document(XmlFeedParser<TBody> parser, XmlReader reader)
    {
        private readonly HashSet<long> _seenMessageIds = [];
        private bool _sawMessageType;
        private bool _ended;
        private long _position;

        public bool SawRoot { get; private set; }

        /// <summary>The next entry, or null after the last; throws <see cref="XmlException"/> where the document is not well-formed.</summary>
        public async Task<FeedEntry?> NextAsync()
        {
            if (_ended)
            {
                return null;
            }

            if (!SawRoot)
            {
                await reader.MoveToContentAsync();
                SawRoot = true;
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != Envelope)
                {
                    return End(Shape($"The root element is <{Printable.Clip(reader.LocalName, 60)}>; an XML feed is an <{Envelope}>."));
                }

                if (reader.IsEmptyElement || !await reader.ReadAsync())
                {
                    return End(Shape($"The <{Envelope}> is empty; it needs a <MessageType>{parser.MessageType}</MessageType> and <Message> elements."));
                }
            }

            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    if (!await reader.ReadAsync()) // stray text in the envelope carries nothing
                    {
                        break; // the reader throws before this on an unclosed envelope; a guard, not a path
                    }

                    continue;
                }

                switch (reader.LocalName)
                {
                    case "MessageType":
                        var type = await XmlElements.TextAsync(reader);
                        if (!string.Equals(type, parser.MessageType, StringComparison.Ordinal))
                        {
                            return End(new FeedEntry.Fatal(FeedErrorCodes.MessageTypeMismatch, type is null
                                ? $"The <MessageType> is empty; a {parser.FeedType.Name()} feed holds {parser.MessageType} messages."
                                : $"The <MessageType> is '{Printable.Clip(type)}' but a {parser.FeedType.Name()} feed holds {parser.MessageType} messages."));
                        }

                        _sawMessageType = true;
                        break;
                    case "Message" when !_sawMessageType:
                        return End(Shape($"A <Message> comes before the <MessageType>; the envelope names its <MessageType>{parser.MessageType}</MessageType> first."));
                    case "Message":
                        return await ReadMessageAsync();
                    default:
                        await reader.SkipAsync(); // Header, PurgeAndReplace, …
                        break;
                }
            }

            if (!_sawMessageType)
            {
                return End(Shape($"The <{Envelope}> has no <MessageType>; a {parser.FeedType.Name()} feed names <MessageType>{parser.MessageType}</MessageType>."));
            }

            while (await reader.ReadAsync())
            {
                // Read to the end, so content after the envelope is reported (as the reader's error) like a broken one.
            }

            _ended = true;
            return null;
        }

        private async Task<FeedEntry> ReadMessageAsync()
        {
            _position++;
            string? messageIdText = null;
            TBody? body = null;
            var bodies = 0;
            await XmlElements.ChildrenAsync(reader, async name =>
            {
                if (name == "MessageID")
                {
                    messageIdText = await XmlElements.TextAsync(reader);
                }
                else if (name == parser.MessageType && ++bodies == 1)
                {
                    body = await parser.ReadBodyAsync(reader);
                }
                else
                {
                    await reader.SkipAsync(); // OperationType, a second body, …
                }
            });

            var orderId = body is null ? null : RecordChecks.SafeId(parser.OrderIdOf(body));
            if (!long.TryParse(messageIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId) || messageId < 1)
            {
                return new FeedEntry.RecordError(_position, orderId, null, FeedErrorCodes.InvalidMessageId, messageIdText is null
                    ? $"Message #{_position} has no MessageID."
                    : $"Message #{_position} has MessageID '{Printable.Clip(messageIdText)}', which is not a positive whole number.");
            }

            if (!_seenMessageIds.Add(messageId))
            {
                return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.DuplicateMessageId,
                    $"The MessageID {messageId} is used by an earlier message; only the first is processed.");
            }

            return body is null || bodies > 1
                ? new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.InvalidMessage, bodies == 0
                    ? $"The message has no <{parser.MessageType}>."
                    : $"The message has {bodies} <{parser.MessageType}> elements; a message holds one.")
                : parser.ToEntry(messageId, body);
        }

        private FeedEntry.Fatal End(FeedEntry.Fatal fatal)
        {
            _ended = true;
            return fatal;
        }

        private static FeedEntry.Fatal Shape(string reason) => new(FeedErrorCodes.InvalidShape, reason);
    }
}
