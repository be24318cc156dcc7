using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>Turns one element of the <c>messages</c> array into a record or a record error. Property names match in any case.</summary>
internal static class JsonMessage
{
    public static FeedEntry Read(JsonElement message, long position, HashSet<long> seenMessageIds)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return new FeedEntry.RecordError(position, null, null, FeedErrorCodes.InvalidMessage,
                $"Message #{position} is {Describe(message)}, not an object.");
        }

        var orderId = String(message, "orderId");
        if (!TryMessageId(message, out var messageId, out var problem))
        {
            return new FeedEntry.RecordError(position, RecordChecks.SafeId(orderId), null, FeedErrorCodes.InvalidMessageId, $"Message #{position} {problem}.");
        }

        if (!seenMessageIds.Add(messageId))
        {
            return new FeedEntry.RecordError(messageId, RecordChecks.SafeId(orderId), null, FeedErrorCodes.DuplicateMessageId,
                $"The messageId {messageId} is used by an earlier message; only the first is processed.");
        }

        if (orderId is null)
        {
            return new FeedEntry.RecordError(messageId, null, null, FeedErrorCodes.MissingOrderId, "The orderId is missing, empty or not a string.");
        }

        var reason = String(message, "reason");
        if (RecordChecks.Check(messageId, orderId, [], reason) is { } invalid)
        {
            return invalid;
        }

        if (reason is null)
        {
            return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.MissingReason, "The reason is missing, empty or not a string.");
        }

        if (!TryProperty(message, "lines", out var linesElement) || linesElement.ValueKind == JsonValueKind.Null)
        {
            return new FeedEntry.Record(messageId, orderId, reason, []);
        }

        return ReadLines(messageId, orderId, reason, linesElement);
    }

    private static FeedEntry ReadLines(long messageId, string orderId, string reason, JsonElement linesElement)
    {
        if (linesElement.ValueKind != JsonValueKind.Array)
        {
            return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.InvalidLines, $"The lines are {Describe(linesElement)}, not an array.");
        }

        if (linesElement.GetArrayLength() == 0)
        {
            // An empty list is more likely a producer bug than a wish to cancel everything.
            return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.InvalidLines, "The lines are empty; omit them to cancel the whole order.");
        }

        if (linesElement.GetArrayLength() > InputBounds.MaxLines)
        {
            return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.InvalidLines, $"The message has {linesElement.GetArrayLength()} lines; at most {InputBounds.MaxLines}.");
        }

        var lines = new List<FeedLine>(linesElement.GetArrayLength());
        var lineNumber = 0;
        foreach (var line in linesElement.EnumerateArray())
        {
            lineNumber++;
            if (line.ValueKind != JsonValueKind.Object)
            {
                return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.InvalidLines, $"Line #{lineNumber} is {Describe(line)}, not an object.");
            }

            var lineId = String(line, "lineId");
            if (lineId is null)
            {
                return new FeedEntry.RecordError(messageId, orderId, null, FeedErrorCodes.MissingLineId, $"Line #{lineNumber} has no lineId.");
            }

            if (RecordChecks.Check(messageId, orderId, [lineId], null) is { } invalid)
            {
                return invalid;
            }

            if (lines.Exists(l => l.LineId == lineId))
            {
                return new FeedEntry.RecordError(messageId, orderId, lineId, FeedErrorCodes.DuplicateLineId, $"The lineId '{Printable.Clip(lineId)}' appears more than once.");
            }

            int? quantity = null;
            if (TryProperty(line, "quantity", out var quantityElement) && quantityElement.ValueKind != JsonValueKind.Null)
            {
                var units = 0;
                var parsed = quantityElement.ValueKind == JsonValueKind.Number && quantityElement.TryGetInt32(out units);
                if (!parsed || !RecordChecks.IsQuantity(units))
                {
                    return new FeedEntry.RecordError(messageId, orderId, lineId, FeedErrorCodes.InvalidQuantity,
                        $"The quantity {Printable.Clip(quantityElement.GetRawText())} of line '{lineId}' is not {RecordChecks.QuantityRule(parsed, units)}.");
                }

                quantity = units;
            }

            lines.Add(new FeedLine(lineId, quantity));
        }

        return new FeedEntry.Record(messageId, orderId, reason, lines);
    }

    private static bool TryMessageId(JsonElement message, out long messageId, [NotNullWhen(false)] out string? problem)
    {
        messageId = 0;
        if (!TryProperty(message, "messageId", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problem = "has no messageId";
            return false;
        }

        var parsed = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out messageId),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out messageId),
            _ => false,
        };
        if (!parsed || messageId < 1)
        {
            problem = $"has messageId {Printable.Clip(element.GetRawText())}, which is not a positive whole number";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>A trimmed non-empty string, else null (absent, not a string, blank).</summary>
    private static string? String(JsonElement obj, string name)
    {
        if (!TryProperty(obj, name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var value = element.GetString()!.Trim();
        return value.Length == 0 ? null : value;
    }

    private static bool TryProperty(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
