using System.Globalization;
using System.Xml;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>
/// <c>POST_PAYMENT_ADJUSTMENT_DATA</c> as a partial cancel, like its flat file: <c>OrderAdjustment</c> messages
/// (Amazon's <c>OrderAdjustment.xsd</c>). Read: <c>AmazonOrderID</c> and each <c>AdjustedItem</c>'s
/// <c>AmazonOrderItemCode</c>, <c>AdjustmentReason</c> (NoInventory, or CustomerCancel = BuyerCanceled) and
/// <c>QuantityCancelled</c>. The money elements (<c>ItemPriceAdjustments</c>, <c>PromotionAdjustments</c>,
/// <c>DirectPaymentAdjustments</c>) are not read: the refund follows from the cancel. An item without
/// <c>QuantityCancelled</c> is a refund only, which this service does not apply, so it is an error. A message is one
/// cancel of its items' quantities, with one reason.
/// </summary>
internal sealed class PaymentAdjustmentXmlParser : XmlFeedParser<PaymentAdjustmentXmlParser.Body>
{
    public override FeedType FeedType => FeedType.POST_PAYMENT_ADJUSTMENT_DATA;

    protected override string MessageType => "OrderAdjustment";

    internal sealed class Body
    {
        public string? OrderId { get; set; }

        public bool HasMerchantOrderId { get; set; }

        public List<Item> Items { get; } = [];

        public int ItemCount { get; set; }
    }

    internal sealed record Item(string? ItemCode, string? Reason, string? Quantity);

    protected override string? OrderIdOf(Body body) => body.OrderId;

    protected override async Task<Body> ReadBodyAsync(XmlReader reader)
    {
        var body = new Body();
        await XmlElements.ChildrenAsync(reader, async name =>
        {
            switch (name)
            {
                case "AmazonOrderID":
                    body.OrderId = await XmlElements.TextAsync(reader);
                    break;
                case "MerchantOrderID":
                    body.HasMerchantOrderId |= await XmlElements.TextAsync(reader) is not null;
                    break;
                case "AdjustedItem" when ++body.ItemCount <= InputBounds.MaxLines: // past the bound only counted
                    body.Items.Add(await ReadItemAsync(reader));
                    break;
                default:
                    await reader.SkipAsync();
                    break;
            }
        });
        return body;
    }

    private static async Task<Item> ReadItemAsync(XmlReader reader)
    {
        string? code = null, reason = null, quantity = null;
        await XmlElements.ChildrenAsync(reader, async name =>
        {
            switch (name)
            {
                case "AmazonOrderItemCode":
                    code = await XmlElements.TextAsync(reader);
                    break;
                case "AdjustmentReason":
                    reason = await XmlElements.TextAsync(reader);
                    break;
                case "QuantityCancelled":
                    quantity = await XmlElements.TextAsync(reader);
                    break;
                default:
                    await reader.SkipAsync(); // MerchantOrderItemID, MerchantAdjustmentItemID, the money
                    break;
            }
        });
        return new Item(code, reason, quantity);
    }

    protected override FeedEntry ToEntry(long recordNumber, Body body)
    {
        if (body.OrderId is not { } orderId)
        {
            return new FeedEntry.RecordError(recordNumber, null, null, FeedErrorCodes.MissingOrderId, body.HasMerchantOrderId
                ? "The AmazonOrderID is missing or empty; a MerchantOrderID alone does not name an order here."
                : "The AmazonOrderID is missing or empty.");
        }

        if (body.ItemCount == 0)
        {
            return new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.MissingLineId,
                "The OrderAdjustment has no AdjustedItem; a payment adjustment cancels part of its items.");
        }

        if (XmlItemChecks.Check(recordNumber, orderId, body.ItemCount, body.Items.Select(i => i.ItemCode).ToList(), "AdjustedItem",
                body.Items.Select(i => i.Reason)) is { } invalid)
        {
            return invalid;
        }

        var lines = new List<FeedLine>(body.Items.Count);
        var reasons = new List<string>(body.Items.Count);
        foreach (var (code, reason, quantity) in body.Items)
        {
            if (reason is null)
            {
                return new FeedEntry.RecordError(recordNumber, orderId, code, FeedErrorCodes.MissingReason, $"The AdjustmentReason of item '{code}' is empty.");
            }

            if (PaymentAdjustmentFlatFileParser.SellerReason(reason) is not { } sellerReason)
            {
                return new FeedEntry.RecordError(recordNumber, orderId, code, FeedErrorCodes.InvalidReason,
                    $"The AdjustmentReason '{Printable.Clip(reason)}' cannot cancel items; use NoInventory or CustomerCancel.");
            }

            var parsed = int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var units);
            if (!parsed || !RecordChecks.IsQuantity(units))
            {
                return new FeedEntry.RecordError(recordNumber, orderId, code, FeedErrorCodes.InvalidQuantity, quantity is null
                    ? $"Item '{code}' has no QuantityCancelled; an adjustment without it refunds money only, which this service does not apply."
                    : $"The QuantityCancelled '{Printable.Clip(quantity)}' of item '{code}' is not {RecordChecks.QuantityRule(parsed, units)}.");
            }

            lines.Add(new FeedLine(code!, units));
            reasons.Add(sellerReason);
        }

        return XmlItemChecks.OneReason(recordNumber, orderId, reasons, "AdjustedItems' reasons") is { } mixed
            ? mixed
            : new FeedEntry.Record(recordNumber, orderId, reasons[0], lines);
    }
}
