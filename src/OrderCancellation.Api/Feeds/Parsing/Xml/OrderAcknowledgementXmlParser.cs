using System.Xml;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>
/// <c>POST_ORDER_ACKNOWLEDGEMENT_DATA</c>: <c>OrderAcknowledgement</c> messages (Amazon's <c>OrderAcknowledgement.xsd</c>).
/// Read: <c>AmazonOrderID</c>, <c>StatusCode</c> (Success or Failure, any case), <c>Item</c>s with
/// <c>AmazonOrderItemCode</c> and <c>CancelReason</c>, and, beyond the schema, a <c>CancelReason</c> on the
/// <c>OrderAcknowledgement</c> itself for a whole-order cancel. <c>MerchantOrderID</c> and <c>MerchantOrderItemID</c>
/// only map the seller's own ids at Amazon and are not kept. Success acknowledges the order: counted processed and
/// successful, no command. Failure cancels the Items that carry a CancelReason (each its whole remaining quantity),
/// or, when no Item does, the whole order with the order-level CancelReason. One message is one cancel with one
/// reason, so Items with different reasons are an error (send one message per reason).
/// </summary>
internal sealed class OrderAcknowledgementXmlParser : XmlFeedParser<OrderAcknowledgementXmlParser.Body>
{
    public override FeedType FeedType => FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA;

    protected override string MessageType => "OrderAcknowledgement";

    internal sealed class Body
    {
        public string? OrderId { get; set; }

        public bool HasMerchantOrderId { get; set; }

        public string? StatusCode { get; set; }

        public string? CancelReason { get; set; }

        public List<Item> Items { get; } = [];

        public int ItemCount { get; set; }
    }

    internal sealed record Item(string? ItemCode, string? CancelReason);

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
                case "StatusCode":
                    body.StatusCode = await XmlElements.TextAsync(reader);
                    break;
                case "CancelReason":
                    body.CancelReason = await XmlElements.TextAsync(reader);
                    break;
                case "Item" when ++body.ItemCount <= InputBounds.MaxLines: // past the bound only counted
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
        string? code = null, reason = null;
        await XmlElements.ChildrenAsync(reader, async name =>
        {
            switch (name)
            {
                case "AmazonOrderItemCode":
                    code = await XmlElements.TextAsync(reader);
                    break;
                case "CancelReason":
                    reason = await XmlElements.TextAsync(reader);
                    break;
                default:
                    await reader.SkipAsync(); // MerchantOrderItemID
                    break;
            }
        });
        return new Item(code, reason);
    }

    protected override FeedEntry ToEntry(long recordNumber, Body body)
    {
        if (body.OrderId is not { } orderId)
        {
            return new FeedEntry.RecordError(recordNumber, null, null, FeedErrorCodes.MissingOrderId, body.HasMerchantOrderId
                ? "The AmazonOrderID is missing or empty; a MerchantOrderID alone does not name an order here."
                : "The AmazonOrderID is missing or empty.");
        }

        if (XmlItemChecks.Check(recordNumber, orderId, body.ItemCount, body.Items.Select(i => i.ItemCode).ToList(), "Item",
                [body.CancelReason, .. body.Items.Select(i => i.CancelReason)]) is { } invalid)
        {
            return invalid;
        }

        return body.StatusCode switch
        {
            null => new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidStatusCode, "The StatusCode is missing; expected Success or Failure."),
            _ when Is(body.StatusCode, "Success") => Acknowledge(recordNumber, orderId, body),
            _ when Is(body.StatusCode, "Failure") => Cancel(recordNumber, orderId, body),
            _ => new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidStatusCode,
                $"The StatusCode '{Printable.Clip(body.StatusCode)}' is not Success or Failure."),
        };
    }

    /// <summary>A reason with Success most likely means the seller meant to cancel: say so rather than acknowledge silently.</summary>
    private static FeedEntry Acknowledge(long recordNumber, string orderId, Body body) =>
        body.CancelReason is null && body.Items.TrueForAll(i => i.CancelReason is null)
            ? new FeedEntry.Acknowledged(recordNumber, orderId)
            : new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.InvalidStatusCode,
                "StatusCode Success acknowledges the order and cancels nothing, yet a CancelReason is given; send StatusCode Failure to cancel.");

    private static FeedEntry Cancel(long recordNumber, string orderId, Body body)
    {
        var cancelled = body.Items.Where(i => i.CancelReason is not null).ToList();
        if (cancelled.Count == 0)
        {
            return body.CancelReason is { } reason
                ? new FeedEntry.Record(recordNumber, orderId, reason, [])
                : new FeedEntry.RecordError(recordNumber, orderId, null, FeedErrorCodes.MissingReason,
                    "StatusCode Failure cancels, but no CancelReason is given: on an Item to cancel that item, or on the OrderAcknowledgement to cancel the whole order.");
        }

        return XmlItemChecks.OneReason(recordNumber, orderId, cancelled.Select(i => i.CancelReason!), "Items' CancelReasons") is { } mixed
            ? mixed
            : new FeedEntry.Record(recordNumber, orderId, cancelled[0].CancelReason!, [.. cancelled.Select(i => new FeedLine(i.ItemCode!, null))]);
    }

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
