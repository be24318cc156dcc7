namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>The error codes parsers use, for the processing report's <c>error-code</c> column.</summary>
public static class FeedErrorCodes
{
    // Fatal: the document cannot be read.
    public const string UnknownFeedType = "unknown-feed-type";
    public const string EmptyFeed = "empty-feed";
    public const string MissingColumn = "missing-column";
    public const string DuplicateColumn = "duplicate-column";
    public const string InvalidJson = "invalid-json";
    public const string InvalidShape = "invalid-shape";
    public const string MessageTooLarge = "message-too-large";
    public const string InvalidXml = "invalid-xml";
    public const string DtdProhibited = "dtd-prohibited";
    public const string MessageTypeMismatch = "message-type-mismatch";

    // Per record (and LineTooLong also for a header line).
    public const string LineTooLong = "line-too-long";
    public const string TooManyFields = "too-many-fields";
    public const string MissingOrderId = "missing-order-id";
    public const string InvalidOrderId = "invalid-order-id";
    public const string InvalidLineId = "invalid-line-id";
    public const string MissingLineId = "missing-line-id";
    public const string MissingReason = "missing-reason";
    public const string InvalidReason = "invalid-reason";
    public const string InvalidQuantity = "invalid-quantity";
    public const string InvalidMessage = "invalid-message";
    public const string InvalidMessageId = "invalid-message-id";
    public const string DuplicateMessageId = "duplicate-message-id";
    public const string InvalidLines = "invalid-lines";
    public const string DuplicateLineId = "duplicate-line-id";
    public const string InvalidStatusCode = "invalid-status-code";
}
