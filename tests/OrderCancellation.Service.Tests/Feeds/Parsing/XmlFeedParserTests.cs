using System.Text;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

/// <summary>The XML feeds (Amazon's envelope schema) read by <c>XmlReader</c>: what each message becomes, and the documents that are FATAL.</summary>
public sealed class XmlFeedParserTests
{
    private const FeedType Ack = FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA;
    private const FeedType Adjustment = FeedType.POST_PAYMENT_ADJUSTMENT_DATA;

    [Fact]
    public async Task An_acknowledgement_with_Failure_cancels_the_whole_order()
    {
        var entries = await ParseAsync(Ack, AckEnvelope(Acknowledgement(7, "111-0000001-0000001", "Failure", "<CancelReason>NoInventory</CancelReason>")));

        Assert.Equal(["7\trecord\t111-0000001-0000001\tNoInventory\twhole-order"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task An_acknowledgement_with_Failure_cancels_only_the_items_that_carry_a_CancelReason()
    {
        var items = "<Item><AmazonOrderItemCode>L1</AmazonOrderItemCode><CancelReason>BuyerCanceled</CancelReason></Item>" +
                    "<Item><AmazonOrderItemCode>L2</AmazonOrderItemCode><MerchantOrderItemID>M2</MerchantOrderItemID></Item>";

        var entries = await ParseAsync(Ack, AckEnvelope(Acknowledgement(1, "o-1", "Failure", items)));

        Assert.Equal(["1\trecord\to-1\tBuyerCanceled\tL1xall"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task An_acknowledgement_with_Success_is_acknowledged_and_cancels_nothing()
    {
        var entries = await ParseAsync(Ack, AckEnvelope(Acknowledgement(3, "o-3", "Success", "<Item><AmazonOrderItemCode>L1</AmazonOrderItemCode></Item>")));

        var acknowledged = Assert.IsType<FeedEntry.Acknowledged>(Assert.Single(entries));
        Assert.Equal((3L, "o-3"), (acknowledged.RecordNumber, acknowledged.OrderId));
    }

    [Fact]
    public async Task An_acknowledgement_with_Failure_and_no_reason_anywhere_is_a_missing_reason_error()
    {
        var entries = await ParseAsync(Ack, AckEnvelope(Acknowledgement(2, "o-2", "Failure", "<Item><AmazonOrderItemCode>L1</AmazonOrderItemCode></Item>")));

        var error = Assert.IsType<FeedEntry.RecordError>(Assert.Single(entries));
        Assert.Equal((2L, "o-2", FeedErrorCodes.MissingReason), (error.RecordNumber, error.OrderId, error.ErrorCode));
    }

    [Fact]
    public async Task A_document_with_a_DTD_is_fatal_and_its_external_entity_is_never_read()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"xml-feed-secret-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secret, "111-9999999-9999999");
        try
        {
            var document = $"""
                <?xml version="1.0"?>
                <!DOCTYPE AmazonEnvelope [ <!ENTITY order SYSTEM "{new Uri(secret).AbsoluteUri}"> ]>
                {AckEnvelope(Acknowledgement(1, "&order;", "Failure", "<CancelReason>NoInventory</CancelReason>"))}
                """;

            var entries = await ParseAsync(Ack, document);

            var fatal = Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries));
            Assert.Equal(FeedErrorCodes.DtdProhibited, fatal.ErrorCode);
            Assert.Contains("DOCTYPE", fatal.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("111-9999999-9999999", fatal.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task Nested_entities_cannot_be_declared_so_a_billion_laughs_document_is_fatal_at_once()
    {
        var lol = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            lol.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        }

        var entries = await ParseAsync(Ack, lol.Append("]>").Append(AckEnvelope(Acknowledgement(1, "&lol9;", "Success", ""))).ToString());

        Assert.Equal(FeedErrorCodes.DtdProhibited, Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries)).ErrorCode);
    }

    [Fact]
    public async Task A_document_of_the_other_message_type_is_fatal_before_any_record()
    {
        var entries = await ParseAsync(Adjustment, AckEnvelope(Acknowledgement(1, "o-1", "Failure", "<CancelReason>NoInventory</CancelReason>")));

        var fatal = Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries));
        Assert.Equal(FeedErrorCodes.MessageTypeMismatch, fatal.ErrorCode);
        Assert.Contains("POST_PAYMENT_ADJUSTMENT_DATA", fatal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_broken_mid_message_is_fatal_after_the_messages_before_it()
    {
        var whole = AckEnvelope(Acknowledgement(1, "o-1", "Failure", "<CancelReason>NoInventory</CancelReason>") + Acknowledgement(2, "o-2", "Failure", "<CancelReason>NoInventory</CancelReason>"));

        var entries = await ParseAsync(Ack, whole[..(whole.IndexOf("o-2", StringComparison.Ordinal) + 2)]);

        Assert.Collection(entries,
            e => Assert.Equal("1\trecord\to-1\tNoInventory\twhole-order", FeedRendering.Render(e)),
            e => Assert.Equal(FeedErrorCodes.InvalidXml, Assert.IsType<FeedEntry.Fatal>(e).ErrorCode));
    }

    [Fact]
    public async Task An_empty_XML_document_is_fatal()
    {
        var entries = await ParseAsync(Adjustment, " \r\n");

        Assert.Equal(FeedErrorCodes.EmptyFeed, Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries)).ErrorCode);
    }

    [Fact]
    public async Task A_value_longer_than_any_id_fails_its_message_only_and_is_quoted_clipped()
    {
        var huge = new string('9', 1_000_000);
        var document = AckEnvelope(Acknowledgement(1, huge, "Success", "") + Acknowledgement(2, "o-2", "Success", ""));

        var entries = await ParseAsync(Ack, document);

        Assert.Collection(entries,
            e =>
            {
                var error = Assert.IsType<FeedEntry.RecordError>(e);
                Assert.Equal((1L, FeedErrorCodes.InvalidOrderId), (error.RecordNumber, error.ErrorCode));
                Assert.True(error.Message.Length < 400, error.Message);
            },
            e => Assert.IsType<FeedEntry.Acknowledged>(e));
    }

    [Fact]
    public async Task More_items_than_a_cancel_may_hold_fail_the_message()
    {
        var items = string.Concat(Enumerable.Range(1, InputBounds.MaxLines + 1).Select(i => $"<Item><AmazonOrderItemCode>L{i}</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item>"));

        var entries = await ParseAsync(Ack, AckEnvelope(Acknowledgement(1, "o-1", "Failure", items)));

        Assert.Equal(FeedErrorCodes.InvalidLines, Assert.IsType<FeedEntry.RecordError>(Assert.Single(entries)).ErrorCode);
    }

    [Fact]
    public async Task An_envelope_in_a_namespace_read_in_three_byte_pieces_parses_the_same()
    {
        var document = AckEnvelope(Acknowledgement(1, "o-1", "Failure", "<CancelReason>NoInventory</CancelReason>") + Acknowledgement(2, "o-2", "Success", ""))
            .Replace("<AmazonEnvelope>", "<AmazonEnvelope xmlns=\"urn:example:amazon\">", StringComparison.Ordinal);

        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(Ack), new TrickleStream(Encoding.UTF8.GetBytes(document)));

        Assert.Equal(["1\trecord\to-1\tNoInventory\twhole-order", "2\tacknowledged\to-2"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task A_payment_adjustment_cancels_each_items_quantity_and_CustomerCancel_is_BuyerCanceled()
    {
        var document = """
            <AmazonEnvelope><MessageType>OrderAdjustment</MessageType>
              <Message><MessageID>5</MessageID><OrderAdjustment><AmazonOrderID>o-5</AmazonOrderID>
                <AdjustedItem><AmazonOrderItemCode>L1</AmazonOrderItemCode><AdjustmentReason>CustomerCancel</AdjustmentReason><QuantityCancelled>2</QuantityCancelled></AdjustedItem>
                <AdjustedItem><AmazonOrderItemCode>L2</AmazonOrderItemCode><AdjustmentReason>CustomerCancel</AdjustmentReason><QuantityCancelled>1</QuantityCancelled></AdjustedItem>
              </OrderAdjustment></Message>
            </AmazonEnvelope>
            """;

        var entries = await ParseAsync(Adjustment, document);

        Assert.Equal(["5\trecord\to-5\tBuyerCanceled\tL1x2,L2x1"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task An_inline_XML_feed_parses_by_its_feed_type_name()
    {
        var entries = new List<FeedEntry>();
        await foreach (var entry in FeedParsers.ParseAsync("POST_ORDER_ACKNOWLEDGEMENT_DATA", AckEnvelope(Acknowledgement(4, "o-4", "Failure", "<CancelReason>NoInventory</CancelReason>"))))
        {
            entries.Add(entry);
        }

        Assert.Equal("4\trecord\to-4\tNoInventory\twhole-order", FeedRendering.Render(Assert.Single(entries)));
    }

    internal static string AckEnvelope(string messages) =>
        $"<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M</MerchantIdentifier></Header><MessageType>OrderAcknowledgement</MessageType>{messages}</AmazonEnvelope>";

    internal static string Acknowledgement(long messageId, string orderId, string status, string rest) =>
        $"<Message><MessageID>{messageId}</MessageID><OrderAcknowledgement><AmazonOrderID>{orderId}</AmazonOrderID><StatusCode>{status}</StatusCode>{rest}</OrderAcknowledgement></Message>";

    private static Task<List<FeedEntry>> ParseAsync(FeedType type, string document) =>
        FeedRendering.ParseToListAsync(FeedParsers.For(type), new MemoryStream(Encoding.UTF8.GetBytes(document)));

    /// <summary>Hands out at most 3 bytes per read, to cut every token.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 3)], cancellationToken);
    }
}
