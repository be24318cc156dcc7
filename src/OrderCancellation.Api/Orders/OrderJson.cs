using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Orders;

/// <summary>How orders, events, activities and problems are written to the store and the wire (the API's JSON conventions).</summary>
internal static class OrderJson
{
    private static JsonSerializerOptions Options => ApiJson.Options;

    /// <summary>
    /// The API's options for the stored order state, minus the domain's derived read-only properties (an order's
    /// status, whether it is open, a line's cancelable quantity, …): they are computed again from the state when it
    /// is read, so storing them would only cost a step their computation and their bytes. Older states that carry
    /// them still read (unknown members are skipped).
    /// </summary>
    private static readonly JsonSerializerOptions StateOptions = new(ApiJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                type =>
                {
                    foreach (var derived in type.Properties.Where(p => p.Set is null && p.AssociatedParameter is null).ToList())
                    {
                        type.Properties.Remove(derived);
                    }
                },
            },
        },
    };

    public static string State(OrderState state) => JsonSerializer.Serialize(state, StateOptions);

    public static OrderState? State(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<OrderState>(json, StateOptions);

    /// <summary>The API's options, except that an event leaves out its <c>eventType</c> (a history row has a column for it).</summary>
    private static readonly JsonSerializerOptions HistoryOptions = new(ApiJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                type =>
                {
                    if (type.Type.IsAssignableTo(typeof(OrderEvent)) && type.Properties.FirstOrDefault(p => p.Name == nameof(OrderEvent.EventType).ToCamelCase()) is { } eventType)
                    {
                        type.Properties.Remove(eventType);
                    }
                },
            },
        },
    };

    /// <summary>
    /// A history entry: the event's own fields (time, reason, lines…) plus the <c>actor</c> that caused it, as one
    /// object. The event and the actor are written to UTF-8 in this thread's buffer and joined into the one string
    /// returned (the event's object reopened to append the actor): a step writes one per event, so no other
    /// intermediate array or string is made.
    /// </summary>
    public static string HistoryEntry(OrderEvent @event, Actor actor)
    {
        var buffer = historyBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = historyWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = HistoryOptions.Encoder, Indented = HistoryOptions.WriteIndented });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, @event, @event.GetType(), HistoryOptions);
        var eventLength = buffer.WrittenCount;
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, actor, HistoryOptions);

        var written = buffer.WrittenSpan;
        var body = written[..(eventLength - 1)]; // the event without its closing brace
        var entry = body.Length > 1 ? ",\"actor\":" : "\"actor\":"; // after the event's last field, if it has any
        var actorJson = written[eventLength..];
        var length = Encoding.UTF8.GetCharCount(body) + entry.Length + Encoding.UTF8.GetCharCount(actorJson) + 1;
        return string.Create(length, (buffer, eventLength, entry), static (chars, state) =>
        {
            var (buffer, eventLength, entry) = state;
            var written = buffer.WrittenSpan;
            var n = Encoding.UTF8.GetChars(written[..(eventLength - 1)], chars);
            entry.CopyTo(chars[n..]);
            n += entry.Length;
            n += Encoding.UTF8.GetChars(written[eventLength..], chars[n..]);
            chars[n] = '}';
        });
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? historyBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? historyWriter;

    public static string Problem(Problem problem) =>
        JsonSerializer.Serialize(Http.Problems.Create(problem.Status, problem.Code, problem.Title, problem.Detail), Options);

    public static string Body<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static string ToCamelCase(this string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
