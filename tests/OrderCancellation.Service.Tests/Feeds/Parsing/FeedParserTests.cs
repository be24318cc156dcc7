using System.Text;
using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

public sealed class FeedParserTests
{
    [Theory]
    [InlineData(FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA, FeedErrorCodes.MissingColumn)]
    [InlineData(FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA, FeedErrorCodes.MissingColumn)]
    [InlineData(FeedType.JSON_ORDER_CANCELLATION, FeedErrorCodes.InvalidJson)]
    [InlineData(FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA, FeedErrorCodes.InvalidXml)]
    [InlineData(FeedType.POST_PAYMENT_ADJUSTMENT_DATA, FeedErrorCodes.InvalidXml)]
    public async Task Garbage_bytes_are_one_fatal_entry_and_no_crash(FeedType type, string errorCode)
    {
        await using var garbage = Golden.Open("garbage.bin");

        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(type), garbage);

        var fatal = Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries));
        Assert.Equal(errorCode, fatal.ErrorCode);
        Assert.Equal(0, fatal.RecordNumber);
        Assert.DoesNotContain(fatal.Reason, c => char.IsControl(c));
    }

    [Theory]
    [InlineData("POST_ORDER_FULFILLMENT_DATA")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_unknown_feed_type_is_one_fatal_entry_naming_the_known_ones(string? feedType)
    {
        var entries = new List<FeedEntry>();
        await foreach (var entry in FeedParsers.ParseAsync(feedType, "order-id\n"))
        {
            entries.Add(entry);
        }

        var fatal = Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries));
        Assert.Equal(FeedErrorCodes.UnknownFeedType, fatal.ErrorCode);
        Assert.Contains("JSON_ORDER_CANCELLATION", fatal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA", FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA)]
    [InlineData(" post_flat_file_payment_adjustment_data ", FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA)]
    [InlineData("JSON_ORDER_CANCELLATION", FeedType.JSON_ORDER_CANCELLATION)]
    [InlineData("POST_ORDER_ACKNOWLEDGEMENT_DATA", FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA)]
    [InlineData("post_payment_adjustment_data", FeedType.POST_PAYMENT_ADJUSTMENT_DATA)]
    public void Feed_types_are_read_by_their_SP_API_names(string name, FeedType expected)
    {
        Assert.True(FeedTypes.TryParse(name, out var type));
        Assert.Equal(expected, type);
        Assert.Equal(expected.ToString(), expected.Name());
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("JSON")]
    public void Feed_type_numbers_and_other_names_are_not_feed_types(string name) =>
        Assert.False(FeedTypes.TryParse(name, out _));

    [Fact]
    public async Task Inline_content_parses_by_feed_type_name()
    {
        var entries = new List<FeedEntry>();
        await foreach (var entry in FeedParsers.ParseAsync("JSON_ORDER_CANCELLATION", """{"messages":[{"messageId":4,"orderId":"o-1","reason":"NoInventory"}]}"""))
        {
            entries.Add(entry);
        }

        var record = Assert.IsType<FeedEntry.Record>(Assert.Single(entries));
        Assert.Equal((4L, "o-1", "NoInventory", true), (record.RecordNumber, record.OrderId, record.Reason, record.IsWholeOrder));
    }

    [Fact]
    public async Task A_first_line_longer_than_the_limit_is_fatal_without_buffering_it()
    {
        var oneLongLine = new string('x', FlatFileFeedParser.MaxLineLength * 4);

        var entries = await ParseTsv(FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA, oneLongLine);

        Assert.Equal(FeedErrorCodes.LineTooLong, Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries)).ErrorCode);
    }

    [Fact]
    public async Task A_data_line_longer_than_the_limit_fails_that_record_only()
    {
        var feed = "order-id\tamazon-order-item-code\tcancellation-reason-code\n" +
                   new string('x', FlatFileFeedParser.MaxLineLength + 1) + "\n" +
                   "o-2\t\tNoInventory\n";

        var entries = await ParseTsv(FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA, feed);

        Assert.Collection(entries,
            e => Assert.Equal((1L, FeedErrorCodes.LineTooLong), (e.RecordNumber, Assert.IsType<FeedEntry.RecordError>(e).ErrorCode)),
            e => Assert.Equal((2L, "o-2"), (e.RecordNumber, Assert.IsType<FeedEntry.Record>(e).OrderId)));
    }

    [Fact]
    public async Task Lone_carriage_returns_end_lines_too()
    {
        var entries = await ParseTsv(FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA, "order-id\tamazon-order-item-code\tcancellation-reason-code\ro-1\t\tNoInventory\ro-2\ti-1\tBuyerCanceled");

        Assert.Equal(["1\trecord\to-1\tNoInventory\twhole-order", "2\trecord\to-2\tBuyerCanceled\ti-1xall"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task A_UTF16_spreadsheet_export_with_its_byte_order_mark_is_read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\r\no-1\ti-1\tCustomerCancel\t2\r\n")).ToArray();

        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA), new MemoryStream(bytes));

        Assert.Equal("1\trecord\to-1\tBuyerCanceled\ti-1x2", FeedRendering.Render(Assert.Single(entries)));
    }

    [Fact]
    public async Task A_required_column_named_twice_is_fatal()
    {
        var entries = await ParseTsv(FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA, "order-id\tamazon-order-item-code\tcancellation-reason-code\tORDER-ID\no-1\t\tNoInventory\to-2\n");

        Assert.Equal(FeedErrorCodes.DuplicateColumn, Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries)).ErrorCode);
    }

    [Fact]
    public async Task A_JSON_message_larger_than_the_limit_is_fatal_after_the_messages_before_it()
    {
        var huge = new string('x', JsonMessageSplitter.MaxUnitBytes);
        var json = $$"""{"messages":[{"messageId":1,"orderId":"o-1","reason":"NoInventory"},{"messageId":2,"orderId":"{{huge}}","reason":"NoInventory"}]}""";

        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(FeedType.JSON_ORDER_CANCELLATION), new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Collection(entries,
            e => Assert.IsType<FeedEntry.Record>(e),
            e => Assert.Equal(FeedErrorCodes.MessageTooLarge, Assert.IsType<FeedEntry.Fatal>(e).ErrorCode));
    }

    [Fact]
    public async Task A_JSON_message_split_across_many_small_reads_is_read_whole()
    {
        var json = """{"other":{"deep":[1,2,{"x":"y"}]},"messages":[{"messageId":1,"orderId":"o-1","reason":"NoInventory","lines":[{"lineId":"L1","quantity":2}]},{"messageId":2,"orderId":"o-2","reason":"PricingError"}]}""";

        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(FeedType.JSON_ORDER_CANCELLATION), new TrickleStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(["1\trecord\to-1\tNoInventory\tL1x2", "2\trecord\to-2\tPricingError\twhole-order"], entries.Select(FeedRendering.Render));
    }

    [Fact]
    public async Task An_empty_JSON_document_is_fatal()
    {
        var entries = await FeedRendering.ParseToListAsync(FeedParsers.For(FeedType.JSON_ORDER_CANCELLATION), new MemoryStream("  \r\n"u8.ToArray()));

        Assert.Equal(FeedErrorCodes.EmptyFeed, Assert.IsType<FeedEntry.Fatal>(Assert.Single(entries)).ErrorCode);
    }

    private static Task<List<FeedEntry>> ParseTsv(FeedType type, string content) =>
        FeedRendering.ParseToListAsync(FeedParsers.For(type), new MemoryStream(Encoding.UTF8.GetBytes(content)));

    /// <summary>Hands out at most 3 bytes per read, to cut every token.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 3)], cancellationToken);
    }
}
