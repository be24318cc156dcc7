using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// The bounds of a record's values, the HTTP API's (<see cref="InputBounds"/>): a record breaking one is a per-record error
/// row with its code, never a command, so an id no order can have never reaches the orders' store.
/// </summary>
internal static class RecordChecks
{
    /// <summary>The error for a bad order id, line id or reason, in that order; null when all three are good.</summary>
    public static FeedEntry.RecordError? Check(long recordNumber, string orderId, IEnumerable<string> lineIds, string? reason)
    {
        if (!InputBounds.IsId(orderId))
        {
            return new FeedEntry.RecordError(recordNumber, SafeId(orderId), null, FeedErrorCodes.InvalidOrderId,
                $"The order id '{Printable.Clip(orderId)}' is not an order id: {Rule}");
        }

        foreach (var lineId in lineIds)
        {
            if (!InputBounds.IsId(lineId))
            {
                return new FeedEntry.RecordError(recordNumber, orderId, SafeId(lineId), FeedErrorCodes.InvalidLineId,
                    $"The item id '{Printable.Clip(lineId)}' is not an item id: {Rule}");
            }
        }

        if (reason is not null && (reason.Length > InputBounds.MaxLabelLength || !InputBounds.IsPrintable(reason, multiLine: false)))
        {
            return new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidReason,
                $"The reason '{Printable.Clip(reason)}' is not a reason code: at most {InputBounds.MaxLabelLength} printable characters on one line.");
        }

        return null;
    }

    public static bool IsQuantity(int units) => InputBounds.IsQuantity(units);

    /// <summary>Why a quantity (parsed to <paramref name="units"/>, or not) is refused.</summary>
    public static string QuantityRule(bool parsed, int units) =>
        parsed && units > InputBounds.MaxQuantity ? $"a whole number up to {InputBounds.MaxQuantity}" : "a positive whole number";

    /// <summary>An id as the report may show it: itself when valid, else made printable and clipped.</summary>
    public static string? SafeId(string? id) => id is null || InputBounds.IsId(id) ? id : Printable.Clip(id, InputBounds.MaxIdLength);

    private static string Rule => $"1 to {InputBounds.MaxIdLength} letters, digits, '.', '_', ':' or '-', starting with a letter or digit.";
}
