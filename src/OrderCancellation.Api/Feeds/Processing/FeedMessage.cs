using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrderCancellation.Api.Feeds.Processing;

/// <summary>
/// A feed queue message: a reference <c>{"feedId":"…"}</c> to a stored feed, or an inline feed
/// <c>{"sellerId":"…","feedType":"…","content":"…"}</c>. An inline feed's id is derived from the message
/// text (SHA-256), so a redelivery finds the feed it created instead of creating a second one.
/// </summary>
public abstract record FeedMessage
{
    private FeedMessage() { }

    public sealed record Reference(string FeedId) : FeedMessage;

    public sealed record Inline(string FeedId, string SellerId, string? FeedType, string Content) : FeedMessage;

    /// <exception cref="FeedMessageFormatException">The text is neither shape; retrying cannot help.</exception>
    public static FeedMessage Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FeedMessageFormatException($"The feed message is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FeedMessageFormatException("The feed message is not a JSON object.");
            }

            if (String(root, "feedId") is { } feedId)
            {
                return new Reference(feedId);
            }

            var sellerId = String(root, "sellerId");
            var content = String(root, "content");
            if (sellerId is null || content is null)
            {
                throw new FeedMessageFormatException("The feed message has neither a feedId nor an inline feed (sellerId, feedType, content).");
            }

            return new Inline(InlineFeedId(body), sellerId, String(root, "feedType"), content);
        }
    }

    /// <summary>32 hex digits of the SHA-256 of the message text.</summary>
    public static string InlineFeedId(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)).AsSpan(0, 16));

    private static string? String(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } value ? value : null;
            }
        }

        return null;
    }
}

/// <summary>A queue message that no delivery can process (not a feed message).</summary>
public sealed class FeedMessageFormatException(string message) : Exception(message);
