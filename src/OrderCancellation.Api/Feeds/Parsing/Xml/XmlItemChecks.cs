using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>The checks both XML feeds make on a message's items, with the same codes as the flat files and the JSON feed.</summary>
internal static class XmlItemChecks
{
    /// <summary>
    /// The first error among: too many items, an item without its code, an order or item id out of bounds
    /// (<see cref="RecordChecks"/>), an item code given twice, a reason out of bounds; null when none.
    /// </summary>
    public static FeedEntry.RecordError? Check(
        long recordNumber, string orderId, int itemCount, IReadOnlyList<string?> itemCodes, string itemElement, IEnumerable<string?> reasons)
    {
        if (itemCount > InputBounds.MaxLines)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidLines,
                $"The message has {itemCount} {itemElement} elements; at most {InputBounds.MaxLines}.");
        }

        var missing = itemCodes.ToList().IndexOf(null);
        if (missing >= 0)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.MissingLineId,
                $"{itemElement} #{missing + 1} has no AmazonOrderItemCode (a MerchantOrderItemID alone does not name an item here).");
        }

        var codes = itemCodes.Select(c => c!).ToList();
        if (RecordChecks.Check(recordNumber, orderId, codes, null) is { } invalidId)
        {
            return invalidId;
        }

        if (codes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, repeated.Key, FeedErrorCodes.DuplicateLineId,
                $"The AmazonOrderItemCode '{repeated.Key}' appears more than once.");
        }

        foreach (var reason in reasons)
        {
            if (reason is not null && RecordChecks.Check(recordNumber, orderId, [], reason) is { } invalidReason)
            {
                return invalidReason;
            }
        }

        return null;
    }

    /// <summary>One message is one cancel, and a cancel has one reason: items with different ones are an error.</summary>
    public static FeedEntry.RecordError? OneReason(long recordNumber, string orderId, IEnumerable<string> reasons, string what)
    {
        var distinct = reasons.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count <= 1
            ? null
            : new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidReason,
                $"The {what} differ ({string.Join(", ", distinct.Take(5).Select(r => Printable.Clip(r, 40)))}); a message cancels with one reason, so send one message per reason.");
    }
}
