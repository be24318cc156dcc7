using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// Reads one value of the host's invocation envelope the way the real host sends it, not only the
/// way the documentation shows it: the host JSON-serializes every value that is not an object, so a
/// string arrives as a JSON text inside a JSON string (<c>"\"abc\""</c>), a number may arrive as
/// <c>"1"</c>, a queue message as a JSON string holding JSON, and bytes as base64.
/// </summary>
internal static class EnvelopeValue
{
    /// <summary>How many string layers are peeled at most; real payloads have one or two.</summary>
    private const int MaxLayers = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Peels JSON-in-a-string layers: a string whose content parses as a JSON object, array or string
    /// becomes that value. Anything else (a plain string, a number, an object) is returned as it is.
    /// The result outlives the document <paramref name="value"/> came from.
    /// </summary>
    public static JsonElement Unwrap(JsonElement value)
    {
        var current = value.Clone();
        for (var layer = 0; layer < MaxLayers && current.ValueKind == JsonValueKind.String; layer++)
        {
            if (!TryParseJson(current.GetString()!, out var inner))
            {
                break;
            }

            current = inner;
        }

        return current;
    }

    /// <summary>
    /// The text a value carries: a string fully unwrapped (then base64-decoded when it decodes to
    /// JSON), or the raw JSON of an object, array, number or boolean.
    /// </summary>
    public static string ReadText(JsonElement value)
    {
        var unwrapped = Unwrap(value);
        if (unwrapped.ValueKind != JsonValueKind.String)
        {
            return unwrapped.GetRawText();
        }

        var text = unwrapped.GetString()!;
        return TryDecodeBase64Json(text, out var decoded) ? ReadText(decoded) : text;
    }

    public static string? ReadString(JsonElement value)
    {
        var unwrapped = Unwrap(value);
        return unwrapped.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => unwrapped.GetString(),
            _ => unwrapped.GetRawText(),
        };
    }

    public static int? ReadInt32(JsonElement value)
    {
        var unwrapped = Unwrap(value);
        return unwrapped.ValueKind switch
        {
            JsonValueKind.Number when unwrapped.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(unwrapped.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static bool? ReadBoolean(JsonElement value)
    {
        var unwrapped = Unwrap(value);
        return unwrapped.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(unwrapped.GetString(), out var parsed) => parsed,
            _ => null,
        };
    }

    public static DateTimeOffset? ReadDateTimeOffset(JsonElement value)
    {
        var text = ReadString(value);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>Object members are matched case-insensitively: the host's serializer and its docs disagree on casing.</summary>
    public static bool TryGetProperty(JsonElement value, string name, out JsonElement property)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var candidate in value.EnumerateObject())
            {
                if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    property = candidate.Value;
                    return true;
                }
            }
        }

        property = default;
        return false;
    }

    private static bool TryParseJson(string text, out JsonElement value)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '[' or '"'))
        {
            value = default;
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            // Text that merely starts like JSON ("{ message: ... }" in the host's own docs) is text.
            value = default;
            return false;
        }
    }

    /// <summary>
    /// Base64 is taken only when it decodes to UTF-8 JSON: a short plain message such as "abcd" is
    /// also valid base64, and must stay what it is.
    /// </summary>
    private static bool TryDecodeBase64Json(string text, out JsonElement value)
    {
        value = default;
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (text.Length < 4 || !Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return TryParseJson(decoded, out value);
    }
}
