namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// <c>POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA</c>: one cancel per line, of the whole order when
/// <c>amazon-order-item-code</c> is empty, else of that whole item. Other Amazon columns
/// (<c>merchant-order-id</c>, <c>merchant-order-item-id</c>, <c>quantity</c>, …) are ignored: this
/// feed cancels whole items; partial quantities go through the payment adjustment feed.
/// </summary>
internal sealed class OrderAcknowledgementFlatFileParser : FlatFileFeedParser
{
    private const string OrderId = "order-id";
    private const string ItemCode = "amazon-order-item-code";
    private const string Reason = "cancellation-reason-code";

    private static readonly string[] Required = [OrderId, ItemCode, Reason];

    public override FeedType FeedType => FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA;

    protected override IReadOnlyList<string> RequiredColumns => Required;

    protected override FeedEntry ParseRow(long recordNumber, FlatFileRow row)
    {
        var orderId = row.Get(OrderId);
        var itemCode = row.Get(ItemCode);
        var reason = row.Get(Reason);

        if (orderId is null)
        {
            return new FeedEntry.RecordError(recordNumber, null, RecordChecks.SafeId(itemCode), FeedErrorCodes.MissingOrderId, $"The {OrderId} is empty.");
        }

        if (RecordChecks.Check(recordNumber, orderId, itemCode is null ? [] : [itemCode], reason) is { } invalid)
        {
            return invalid;
        }

        if (reason is null)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, itemCode, FeedErrorCodes.MissingReason, $"The {Reason} is empty.");
        }

        return new FeedEntry.Record(recordNumber, orderId, reason, itemCode is null ? [] : [new FeedLine(itemCode, null)]);
    }
}
