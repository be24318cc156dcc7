using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>An element of the messages array (caller disposes), or the fatal that ends the document.</summary>
internal readonly record struct JsonMessageItem(JsonDocument? Message, FeedEntry.Fatal? Fatal);

/// <summary>
/// Streams the elements of the root object's <c>messages</c> array out of a UTF-8 JSON document with
/// <see cref="Utf8JsonReader"/> over a sliding buffer: only the unread tail and the message being read
/// are held. Other root properties are skipped (they may come before or after <c>messages</c>). A
/// leading byte-order mark, comments and trailing commas are tolerated.
/// </summary>
/// <remarks>
/// The reader is a ref struct and cannot live across an await, so the work is split: the async loop
/// fills the buffer, and <see cref="Advance"/> reads as many whole units (the root start, a property
/// name and its value, one message) as the buffer holds, checkpointing the reader state after each.
/// When a unit is cut by the end of the buffer it is re-read from its checkpoint once more bytes are in.
/// </remarks>
internal sealed class JsonMessageSplitter(Stream content)
{
    /// <summary>A single message (or another root property) larger than this is fatal; bounds memory.</summary>
    internal const int MaxUnitBytes = 1024 * 1024;

    private const int InitialBufferBytes = 16 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private enum Phase { Start, RootProperties, Messages, AfterRoot, Done }

    private enum Outcome { NeedMoreData, Finished }

    private JsonReaderState _state = new(ReaderOptions);
    private Phase _phase = Phase.Start;
    private bool _sawMessages;
    private FeedEntry.Fatal? _fatal;

    public async IAsyncEnumerable<JsonMessageItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialBufferBytes];
        int start = 0, end = 0;
        var endOfStream = false;
        var bomChecked = false;
        var messages = new List<JsonDocument>();

        while (true)
        {
            if (!endOfStream)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    if (buffer.Length >= MaxUnitBytes)
                    {
                        yield return Fatal(FeedErrorCodes.MessageTooLarge, $"A message (or another root property) is larger than {MaxUnitBytes / 1024} KiB.");
                        yield break;
                    }

                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxUnitBytes));
                }

                var read = await content.ReadAsync(buffer.AsMemory(end), cancellationToken);
                end += read;
                endOfStream = read == 0;
            }

            if (!bomChecked && (end - start >= 3 || endOfStream))
            {
                bomChecked = true;
                if (buffer.AsSpan(start, end - start).StartsWith("\uFEFF"u8))
                {
                    start += 3;
                }
            }

            if (!bomChecked)
            {
                continue;
            }

            var outcome = Advance(buffer.AsSpan(start, end - start), endOfStream, messages, out var consumed);
            start += consumed;
            foreach (var message in messages)
            {
                yield return new JsonMessageItem(message, null);
            }

            messages.Clear();
            if (outcome == Outcome.Finished)
            {
                if (_fatal is not null)
                {
                    yield return new JsonMessageItem(null, _fatal);
                }

                yield break;
            }

            if (endOfStream)
            {
                yield return Fatal(FeedErrorCodes.InvalidJson, "The document ends in the middle of a JSON value (truncated?).");
                yield break;
            }
        }
    }

    private Outcome Advance(ReadOnlySpan<byte> data, bool isFinalBlock, List<JsonDocument> messages, out int consumed)
    {
        consumed = 0;
        if (_phase == Phase.Start && isFinalBlock && data.TrimStart(" \t\r\n"u8).IsEmpty)
        {
            return Finish(FeedErrorCodes.EmptyFeed, "The document is empty.");
        }

        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        try
        {
            while (true)
            {
                if (!reader.Read())
                {
                    if (isFinalBlock && _phase == Phase.AfterRoot)
                    {
                        _phase = Phase.Done;
                        return Outcome.Finished;
                    }

                    return Outcome.NeedMoreData;
                }

                switch (_phase)
                {
                    case Phase.Start:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            return Finish(FeedErrorCodes.InvalidShape, $"The document is a JSON {Describe(reader.TokenType)}; expected an object with a \"messages\" array.");
                        }

                        _phase = Phase.RootProperties;
                        break;

                    case Phase.RootProperties when reader.TokenType == JsonTokenType.EndObject:
                        if (!_sawMessages)
                        {
                            return Finish(FeedErrorCodes.InvalidShape, "The document has no \"messages\" array.");
                        }

                        _phase = Phase.AfterRoot;
                        break;

                    case Phase.RootProperties:
                        var isMessages = string.Equals(reader.GetString(), "messages", StringComparison.OrdinalIgnoreCase);
                        if (!reader.Read())
                        {
                            return Outcome.NeedMoreData;
                        }

                        if (!isMessages)
                        {
                            if (!reader.TrySkip())
                            {
                                return Outcome.NeedMoreData;
                            }
                        }
                        else if (_sawMessages)
                        {
                            return Finish(FeedErrorCodes.InvalidShape, "The document has more than one \"messages\" property.");
                        }
                        else if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            return Finish(FeedErrorCodes.InvalidShape, $"\"messages\" is a JSON {Describe(reader.TokenType)}; expected an array.");
                        }
                        else
                        {
                            _sawMessages = true;
                            _phase = Phase.Messages;
                        }

                        break;

                    case Phase.Messages when reader.TokenType == JsonTokenType.EndArray:
                        _phase = Phase.RootProperties;
                        break;

                    case Phase.Messages:
                        var elementStart = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            return Outcome.NeedMoreData;
                        }

                        messages.Add(JsonDocument.Parse(
                            data[elementStart..(int)reader.BytesConsumed].ToArray(),
                            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
                        break;

                    default:
                        // AfterRoot: the reader itself rejects a second root value.
                        return Finish(FeedErrorCodes.InvalidJson, "The document has content after its root object.");
                }

                // A whole unit was read: checkpoint so a later refill resumes after it.
                consumed = (int)reader.BytesConsumed;
                _state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            return Finish(FeedErrorCodes.InvalidJson, $"The document is not valid JSON: {Printable.Clip(e.Message, 200)}");
        }
        catch (InvalidOperationException)
        {
            return Finish(FeedErrorCodes.InvalidJson, "The document has a property name that is not valid UTF-8.");
        }
    }

    private Outcome Finish(string errorCode, string reason)
    {
        _fatal = new FeedEntry.Fatal(errorCode, reason);
        _phase = Phase.Done;
        return Outcome.Finished;
    }

    private static JsonMessageItem Fatal(string errorCode, string reason) => new(null, new FeedEntry.Fatal(errorCode, reason));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "object",
    };
}
