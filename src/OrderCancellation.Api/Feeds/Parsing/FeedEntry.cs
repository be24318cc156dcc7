namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// What a feed parser yields, in document order: a <see cref="Record"/> per readable record, a
/// <see cref="RecordError"/> per malformed one, and at most one <see cref="Fatal"/>, always last, when
/// the document cannot be read (further). A header-level fatal (missing column, not JSON, wrong
/// shape) comes before any record; a fatal found mid-stream (truncated JSON) follows the records read
/// before it.
/// </summary>
public abstract record FeedEntry
{
    private FeedEntry() { }

    /// <summary>A record number, as reported in the processing report's <c>original-record-number</c>.</summary>
    public abstract long RecordNumber { get; }

    /// <summary>
    /// One seller cancel. <paramref name="Lines"/> empty = the whole order. <paramref name="Reason"/> is
    /// trimmed and, for the payment adjustment feed, mapped to the seller reason (<c>CustomerCancel</c> →
    /// <c>BuyerCanceled</c>); it is not checked against the domain's reason list here.
    /// </summary>
    public sealed record Record(long RecordNumber, string OrderId, string Reason, IReadOnlyList<FeedLine> Lines) : FeedEntry
    {
        public override long RecordNumber { get; } = RecordNumber;

        public bool IsWholeOrder => Lines.Count == 0;
    }

    /// <summary>
    /// A record that succeeds without a command: an order acknowledged with <c>StatusCode</c> Success in the XML
    /// acknowledgement feed. It is counted processed and successful; nothing is raised on the order.
    /// </summary>
    public sealed record Acknowledged(long RecordNumber, string OrderId) : FeedEntry
    {
        public override long RecordNumber { get; } = RecordNumber;
    }

    /// <summary>A malformed record; the rest of the feed is still read. <paramref name="ErrorCode"/> is one of <see cref="FeedErrorCodes"/>.</summary>
    public sealed record RecordError(long RecordNumber, string? OrderId, string? LineId, string ErrorCode, string Message) : FeedEntry
    {
        public override long RecordNumber { get; } = RecordNumber;
    }

    /// <summary>The document cannot be read (further): the feed is <c>FATAL</c> with this reason. Record number 0, as in Amazon's reports.</summary>
    public sealed record Fatal(string ErrorCode, string Reason) : FeedEntry
    {
        public override long RecordNumber => 0;
    }
}

/// <summary>One order line to cancel; <paramref name="Quantity"/> null = the whole line.</summary>
public sealed record FeedLine(string LineId, int? Quantity);
