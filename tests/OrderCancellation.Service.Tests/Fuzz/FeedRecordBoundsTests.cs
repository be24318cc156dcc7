using System.Text.Json;
using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>Issue 18, point 5: a feed record whose ids, quantity or reason break the API's bounds is a per-record error with its code, never a command.</summary>
public sealed class FeedRecordBoundsTests
{
    private const string Ack = "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA";
    private const string Adjustment = "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA";
    private const string Json = "JSON_ORDER_CANCELLATION";

    private static async Task<FeedEntry> SingleAsync(string feedType, string content)
    {
        var entries = new List<FeedEntry>();
        await foreach (var entry in FeedParsers.ParseAsync(feedType, content))
        {
            entries.Add(entry);
        }

        return Assert.Single(entries);
    }

    private static string JsonFeed(object message) =>
        JsonSerializer.Serialize(new { messages = new[] { message } });

    private static void AssertError(FeedEntry entry, string code)
    {
        var error = Assert.IsType<FeedEntry.RecordError>(entry);
        Assert.Equal(code, error.ErrorCode);
        Assert.True(error.OrderId is null || error.OrderId.All(c => !char.IsControl(c) && c != '\u202E'), error.OrderId);
        Assert.True(error.LineId is null || error.LineId.All(c => !char.IsControl(c) && c != '\u202E'), error.LineId);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || c == '\u202E');
    }

    [Theory]
    [InlineData("A1\u0000")]
    [InlineData("A\u202E1")]
    [InlineData("A 1")]
    [InlineData("-A1")]
    [InlineData("A/1")]
    public async Task A_feed_order_id_outside_the_id_pattern_is_an_invalid_order_id_row_in_every_feed_type(string orderId)
    {
        AssertError(await SingleAsync(Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n{orderId}\t\tNoInventory\n"), FeedErrorCodes.InvalidOrderId);
        AssertError(await SingleAsync(Adjustment, $"order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n{orderId}\tL1\tNoInventory\t1\n"), FeedErrorCodes.InvalidOrderId);
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId, reason = "NoInventory" })), FeedErrorCodes.InvalidOrderId);
    }

    [Fact]
    public async Task A_feed_order_id_with_a_newline_or_over_64_characters_is_an_invalid_order_id_row()
    {
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "A1\nB2", reason = "NoInventory" })), FeedErrorCodes.InvalidOrderId);
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = new string('9', 65), reason = "NoInventory" })), FeedErrorCodes.InvalidOrderId);
    }

    [Theory]
    [InlineData("L\u00001")]
    [InlineData("L\u200B1")]
    [InlineData("L 1")]
    public async Task A_feed_item_id_outside_the_id_pattern_is_an_invalid_line_id_row(string lineId)
    {
        AssertError(await SingleAsync(Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n111-1234567-1234567\t{lineId}\tNoInventory\n"), FeedErrorCodes.InvalidLineId);
        AssertError(await SingleAsync(Adjustment, $"order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n111-1234567-1234567\t{lineId}\tNoInventory\t1\n"), FeedErrorCodes.InvalidLineId);
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "111-1234567-1234567", reason = "NoInventory", lines = new[] { new { lineId, quantity = 1 } } })), FeedErrorCodes.InvalidLineId);
    }

    [Fact]
    public async Task A_feed_quantity_above_ten_thousand_is_an_invalid_quantity_row()
    {
        AssertError(await SingleAsync(Adjustment, "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n111-1234567-1234567\tL1\tNoInventory\t10001\n"), FeedErrorCodes.InvalidQuantity);
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "111-1234567-1234567", reason = "NoInventory", lines = new[] { new { lineId = "L1", quantity = 10_001 } } })), FeedErrorCodes.InvalidQuantity);
        Assert.IsType<FeedEntry.Record>(await SingleAsync(Adjustment, "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n111-1234567-1234567\tL1\tNoInventory\t10000\n"));
    }

    [Fact]
    public async Task A_json_message_with_more_than_100_lines_is_an_invalid_lines_row()
    {
        var lines = Enumerable.Range(1, 101).Select(n => new { lineId = $"L{n}", quantity = 1 }).ToArray();

        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "111-1234567-1234567", reason = "NoInventory", lines })), FeedErrorCodes.InvalidLines);
    }

    [Theory]
    [InlineData("NoInventory\u202E")]
    [InlineData("No\u0007Inventory")]
    public async Task A_feed_reason_with_control_or_bidi_characters_is_an_invalid_reason_row(string reason)
    {
        AssertError(await SingleAsync(Ack, $"order-id\tamazon-order-item-code\tcancellation-reason-code\n111-1234567-1234567\t\t{reason}\n"), FeedErrorCodes.InvalidReason);
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "111-1234567-1234567", reason })), FeedErrorCodes.InvalidReason);
    }

    [Fact]
    public async Task A_reason_over_100_characters_is_an_invalid_reason_row() =>
        AssertError(await SingleAsync(Json, JsonFeed(new { messageId = 1, orderId = "111-1234567-1234567", reason = new string('r', 101) })), FeedErrorCodes.InvalidReason);

    [Fact]
    public async Task Amazon_order_ids_and_colon_item_ids_are_records()
    {
        var record = Assert.IsType<FeedEntry.Record>(await SingleAsync(Ack, "order-id\tamazon-order-item-code\tcancellation-reason-code\n123-1234567-1234567\tamzn1:item.A_1\tNoInventory\n"));

        Assert.Equal("123-1234567-1234567", record.OrderId);
        Assert.Equal("amzn1:item.A_1", Assert.Single(record.Lines).LineId);
    }
}
