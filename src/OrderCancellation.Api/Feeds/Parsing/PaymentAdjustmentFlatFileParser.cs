using System.Globalization;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// <c>POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA</c> as a partial cancel: each line cancels
/// <c>quantity-cancelled</c> units of one item. Amazon accepts only <c>NoInventory</c> and
/// <c>CustomerCancel</c> for that; the latter is the seller reason <c>BuyerCanceled</c>. The money
/// columns (<c>item-price-adj</c>, …) are ignored: the refund follows from the cancel.
/// </summary>
internal sealed class PaymentAdjustmentFlatFileParser : FlatFileFeedParser
{
    private const string OrderId = "order-id";
    private const string ItemId = "order-item-id";
    private const string Reason = "adjustment-reason-code";
    private const string Quantity = "quantity-cancelled";

    private static readonly string[] Required = [OrderId, ItemId, Reason, Quantity];

    public override FeedType FeedType => FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA;

    protected override IReadOnlyList<string> RequiredColumns => Required;

    protected override FeedEntry ParseRow(long recordNumber, FlatFileRow row)
    {
        var orderId = row.Get(OrderId);
        var itemId = row.Get(ItemId);
        var reason = row.Get(Reason);
        var quantity = row.Get(Quantity);

        if (orderId is null)
        {
            return new FeedEntry.RecordError(recordNumber, null, RecordChecks.SafeId(itemId), FeedErrorCodes.MissingOrderId, $"The {OrderId} is empty.");
        }

        if (RecordChecks.Check(recordNumber, orderId, itemId is null ? [] : [itemId], reason) is { } invalid)
        {
            return invalid;
        }

        if (itemId is null)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.MissingLineId, $"The {ItemId} is empty; a payment adjustment cancels part of one item.");
        }

        if (reason is null)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, itemId, FeedErrorCodes.MissingReason, $"The {Reason} is empty.");
        }

        var sellerReason = SellerReason(reason);
        if (sellerReason is null)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, itemId, FeedErrorCodes.InvalidReason,
                $"The {Reason} '{Printable.Clip(reason)}' cannot cancel items; use NoInventory or CustomerCancel.");
        }

        var parsed = int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var units);
        if (!parsed || !RecordChecks.IsQuantity(units))
        {
            return new FeedEntry.RecordError(recordNumber, orderId, itemId, FeedErrorCodes.InvalidQuantity,
                quantity is null ? $"The {Quantity} is empty." : $"The {Quantity} '{Printable.Clip(quantity)}' is not {RecordChecks.QuantityRule(parsed, units)}.");
        }

        return new FeedEntry.Record(recordNumber, orderId, sellerReason, [new FeedLine(itemId, units)]);
    }

    /// <summary>The seller reason of an adjustment reason that cancels items (the XML feed's too); null for any other.</summary>
    internal static string? SellerReason(string adjustmentReason) =>
        string.Equals(adjustmentReason, "NoInventory", StringComparison.OrdinalIgnoreCase) ? "NoInventory"
        : string.Equals(adjustmentReason, "CustomerCancel", StringComparison.OrdinalIgnoreCase) ? "BuyerCanceled"
        : null;
}
