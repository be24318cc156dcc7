using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

/// <summary>
/// A 100,000-record feed is parsed as it is read, never held whole. Retained memory is measured
/// process-wide, so these tests run alone (no other test allocating at the same time).
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class StreamingFeedTests
{
    private const long Records = 100_000;

    /// <summary>Far below the feed's size (several MB): what "read only a little" means.</summary>
    private const long SmallPrefix = 256 * 1024;

    public static TheoryData<FeedType> Types() => new(FeedTypes.All);

    [Theory]
    [MemberData(nameof(Types))]
    public async Task A_100000_record_feed_is_parsed_lazily_in_one_pass(FeedType type)
    {
        using var feed = Generate(type);
        await using var entries = FeedParsers.For(type).ParseAsync(feed).GetAsyncEnumerator();

        Assert.True(await entries.MoveNextAsync());
        var first = Assert.IsType<FeedEntry.Record>(entries.Current);
        Assert.Equal((1L, "111-0000000-0000001"), (first.RecordNumber, first.OrderId));
        Assert.True(feed.BytesProduced < SmallPrefix, $"The first record came after reading {feed.BytesProduced} bytes.");

        long count = 1, lastRecordNumber = 1;
        FeedEntry? firstProblem = null;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        while (await entries.MoveNextAsync())
        {
            count++;
            lastRecordNumber = entries.Current.RecordNumber;
            firstProblem ??= entries.Current is FeedEntry.Record ? null : entries.Current;
        }

        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Null(firstProblem);
        Assert.Equal((Records, Records), (count, lastRecordNumber));
        Assert.True(feed.BytesProduced > 10 * SmallPrefix, $"Only {feed.BytesProduced} bytes: the feed is too small to prove anything.");
        Assert.True(memoryAfter - memoryBefore < 4 * 1024 * 1024, $"Retained {memoryAfter - memoryBefore} bytes after parsing {feed.BytesProduced}.");
    }

    private static GeneratedFeedStream Generate(FeedType type) => type switch
    {
        FeedType.POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA => new(
            "order-id\tamazon-order-item-code\tcancellation-reason-code\tmerchant-order-id\r\n",
            Records,
            n => $"{OrderId(n)}\t{(n % 2 == 0 ? "" : $"{n:D14}")}\tNoInventory\tmerchant-{n}\r\n",
            ""),
        FeedType.POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA => new(
            "order-id\torder-item-id\tadjustment-reason-code\tquantity-cancelled\n",
            Records,
            n => $"{OrderId(n)}\t{n:D14}\tCustomerCancel\t{1 + (n % 3)}\n",
            ""),
        FeedType.JSON_ORDER_CANCELLATION => new(
            """{"messages":[""",
            Records,
            n => (n == 1 ? "" : ",") + $$"""{"messageId":{{n}},"orderId":"{{OrderId(n)}}","reason":"NoInventory","lines":[{"lineId":"L{{n}}","quantity":1}]}""" + "\n",
            "]}"),
        FeedType.POST_ORDER_ACKNOWLEDGEMENT_DATA => new(
            "<?xml version=\"1.0\"?>\n<AmazonEnvelope><Header><MerchantIdentifier>M</MerchantIdentifier></Header><MessageType>OrderAcknowledgement</MessageType>\n",
            Records,
            n => $"<Message><MessageID>{n}</MessageID><OrderAcknowledgement><AmazonOrderID>{OrderId(n)}</AmazonOrderID><StatusCode>Failure</StatusCode>" +
                 $"<Item><AmazonOrderItemCode>{n:D14}</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item></OrderAcknowledgement></Message>\n",
            "</AmazonEnvelope>\n"),
        FeedType.POST_PAYMENT_ADJUSTMENT_DATA => new(
            "<?xml version=\"1.0\"?>\n<AmazonEnvelope><MessageType>OrderAdjustment</MessageType>\n",
            Records,
            n => $"<Message><MessageID>{n}</MessageID><OrderAdjustment><AmazonOrderID>{OrderId(n)}</AmazonOrderID><AdjustedItem><AmazonOrderItemCode>{n:D14}</AmazonOrderItemCode>" +
                 $"<AdjustmentReason>CustomerCancel</AdjustmentReason><QuantityCancelled>{1 + (n % 3)}</QuantityCancelled></AdjustedItem></OrderAdjustment></Message>\n",
            "</AmazonEnvelope>\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string OrderId(long n) => $"111-{n / 10_000_000:D7}-{n % 10_000_000:D7}";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
