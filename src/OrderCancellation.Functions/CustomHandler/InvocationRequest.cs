using System.Text.Json;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>A queue trigger invocation, decoded.</summary>
/// <param name="Body">The message text, with every encoding layer the host added removed.</param>
/// <param name="DequeueCount">How many times the message has been delivered, this time included (1 when the host did not say).</param>
public sealed record QueueInvocation(string Body, int DequeueCount, string? MessageId, DateTimeOffset? InsertionTime);

/// <summary>A timer trigger invocation. <c>ScheduleStatus</c> is null without the schedule monitor, so Last/Next may be unknown.</summary>
public sealed record TimerInvocation(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);

/// <summary>The envelope is not the host's <c>{Data, Metadata}</c> shape, or lacks the trigger's binding.</summary>
public sealed class InvocationFormatException(string message) : FormatException(message);

/// <summary>
/// Parses the host's invocation request for non-HTTP triggers, <c>{"Data": {binding: value},
/// "Metadata": {name: value}}</c>, defensively (see <see cref="EnvelopeValue"/>).
/// </summary>
public static class InvocationRequest
{
    public static QueueInvocation ParseQueue(JsonElement root, string bindingName)
    {
        var message = GetData(root, bindingName);
        var metadata = GetMetadata(root);

        var dequeueCount = TryGet(metadata, "DequeueCount") is { } count ? EnvelopeValue.ReadInt32(count) : null;
        var id = TryGet(metadata, "Id") is { } idValue ? EnvelopeValue.ReadString(idValue) : null;
        var inserted = TryGet(metadata, "InsertionTime") is { } insertedValue ? EnvelopeValue.ReadDateTimeOffset(insertedValue) : null;

        return new QueueInvocation(EnvelopeValue.ReadText(message), dequeueCount is > 0 ? dequeueCount.Value : 1, id, inserted);
    }

    public static TimerInvocation ParseTimer(JsonElement root, string bindingName)
    {
        var timer = EnvelopeValue.Unwrap(GetData(root, bindingName));
        var isPastDue = TryGet(timer, "IsPastDue") is { } pastDue && EnvelopeValue.ReadBoolean(pastDue) == true;

        DateTimeOffset? last = null, next = null;
        if (TryGet(timer, "ScheduleStatus") is { } status)
        {
            var unwrapped = EnvelopeValue.Unwrap(status);
            last = TryGet(unwrapped, "Last") is { } lastValue ? EnvelopeValue.ReadDateTimeOffset(lastValue) : null;
            next = TryGet(unwrapped, "Next") is { } nextValue ? EnvelopeValue.ReadDateTimeOffset(nextValue) : null;
        }

        return new TimerInvocation(isPastDue, last, next);
    }

    /// <summary>The trigger's value: by binding name, or the only entry of <c>Data</c> when the name differs.</summary>
    private static JsonElement GetData(JsonElement root, string bindingName)
    {
        if (root.ValueKind != JsonValueKind.Object || !EnvelopeValue.TryGetProperty(root, "Data", out var data))
        {
            throw new InvocationFormatException("The invocation request has no \"Data\" object.");
        }

        data = EnvelopeValue.Unwrap(data);
        if (EnvelopeValue.TryGetProperty(data, bindingName, out var value))
        {
            return value;
        }

        if (data.ValueKind == JsonValueKind.Object && data.EnumerateObject().ToList() is [var only])
        {
            return only.Value;
        }

        throw new InvocationFormatException($"The invocation request's \"Data\" has no \"{bindingName}\" binding.");
    }

    private static JsonElement GetMetadata(JsonElement root) =>
        EnvelopeValue.TryGetProperty(root, "Metadata", out var metadata) ? EnvelopeValue.Unwrap(metadata) : default;

    private static JsonElement? TryGet(JsonElement value, string name) =>
        EnvelopeValue.TryGetProperty(value, name, out var property) && property.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? property
            : null;
}
