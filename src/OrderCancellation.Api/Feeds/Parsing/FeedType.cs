using System.Diagnostics.CodeAnalysis;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// The feed types we accept. Member names are the SP-API <c>feedType</c> spellings, so
/// <c>ToString()</c> and a string-enum JSON converter give the wire name.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "SP-API spellings are the wire format.")]
public enum FeedType
{
    /// <summary>Tab-separated: <c>order-id, amazon-order-item-code, cancellation-reason-code</c>; an empty item code cancels the whole order.</summary>
    POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA = 1,

    /// <summary>Tab-separated partial cancel: <c>order-id, order-item-id, adjustment-reason-code, quantity-cancelled</c>.</summary>
    POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA = 2,

    /// <summary>Ours: <c>{"messages":[{"messageId":1,"orderId":"…","reason":"…","lines":[{"lineId":"…","quantity":1}]}]}</c>.</summary>
    JSON_ORDER_CANCELLATION = 3,

    /// <summary>XML: an <c>AmazonEnvelope</c> of <c>OrderAcknowledgement</c> messages; <c>StatusCode</c> Failure cancels items or the whole order.</summary>
    POST_ORDER_ACKNOWLEDGEMENT_DATA = 4,

    /// <summary>XML: an <c>AmazonEnvelope</c> of <c>OrderAdjustment</c> messages; each <c>AdjustedItem</c> cancels its <c>QuantityCancelled</c>.</summary>
    POST_PAYMENT_ADJUSTMENT_DATA = 5,
}

public static class FeedTypes
{
    public static IReadOnlyList<FeedType> All { get; } = Enum.GetValues<FeedType>();

    /// <summary>The SP-API name, e.g. <c>POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA</c>.</summary>
    public static string Name(this FeedType type) => Enum.IsDefined(type)
        ? type.ToString()
        : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a feed type.");

    /// <summary>An XML feed (Amazon's envelope schema), sent as <c>text/xml</c> or <c>application/xml</c>.</summary>
    public static bool IsXml(this FeedType type) =>
        type is FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA or FeedType.POST_PAYMENT_ADJUSTMENT_DATA;

    /// <summary>
    /// Accepts exactly the SP-API names (surrounding whitespace and letter case forgiven); never a number
    /// (unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out FeedType type)
    {
        var trimmed = name?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
