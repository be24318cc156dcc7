namespace OrderCancellation.Api.Http;

/// <summary>The instance version as a strong ETag, and <c>If-Match</c> parsed back to a version.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>The expected version from If-Match; null when absent or "*". False when it is present but unreadable.</summary>
    public static bool TryExpectedVersion(HttpRequest request, out long? expected)
    {
        expected = null;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (long.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }

        return false;
    }
}
