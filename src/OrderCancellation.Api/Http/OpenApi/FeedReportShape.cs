using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// The JSON processing report as <c>FeedReportWriter.WriteJsonAsync</c> streams it (§7), for the document only: the
/// writer writes it member by member, so no type of its own carries this shape.
/// </summary>
public sealed record FeedReport(
    string FeedId,
    string FeedType,
    FeedStatus ProcessingStatus,
    FeedSummary Summary,
    bool ReportTruncated,
    long? RecordsNotListed,
    string? FatalReason,
    IReadOnlyList<FeedReportError> Errors);

/// <summary>One failed or warned record of a <see cref="FeedReport"/>; a FATAL feed has one numbered 0.</summary>
public sealed record FeedReportError(long OriginalRecordNumber, string? OrderId, string? OrderItemId, string ErrorCode, string ErrorType, string ErrorMessage);
