using System.Diagnostics.CodeAnalysis;

namespace OrderCancellation.Api.Feeds.Store;

/// <summary>SP-API <c>processingStatus</c> values we use (feeds_2021-06-30); member names are the wire names.</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "SP-API spellings are the wire format.")]
public enum FeedStatus
{
    IN_QUEUE,
    IN_PROGRESS,
    DONE,
    FATAL,
}

/// <summary>The feed's counters. Successful includes the records with a warning; processed = successful + with error.</summary>
public sealed record FeedSummary(long MessagesProcessed, long MessagesSuccessful, long MessagesWithError, long MessagesWithWarning)
{
    public static FeedSummary Empty { get; } = new(0, 0, 0, 0);
}

/// <summary>One feed as stored.</summary>
/// <param name="Checkpoint">How many parser entries, in document order, are counted and reported.</param>
public sealed record FeedRow(
    string FeedId,
    string SellerId,
    string FeedType,
    FeedStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long DocumentBytes,
    long Checkpoint,
    FeedSummary Summary,
    string? FatalCode,
    string? FatalReason,
    string? SubmissionFingerprint,
    long ReportRowsOmitted = 0);

/// <param name="SubmissionKey">The scoped Idempotency-Key of the submission, if any.</param>
public sealed record NewFeed(string FeedId, string SellerId, string FeedType, DateTimeOffset CreatedAt, string? SubmissionKey = null, string? SubmissionFingerprint = null);

/// <summary>A report row: a record that failed (<see cref="FeedReportTypes.Error"/>) or passed with a warning.</summary>
/// <param name="Entry">The parser's ordinal of the record in the document (1-based).</param>
public sealed record FeedReportRow(long Entry, long RecordNumber, string? OrderId, string? LineId, string ErrorCode, string ErrorType, string Message);

public static class FeedReportTypes
{
    public const string Error = "Error";
    public const string Warning = "Warning";
    public const string Fatal = "Fatal";
}

/// <summary>What one batch adds: its counts and report rows, and the checkpoint it moves to.</summary>
/// <param name="RowsOmitted">Report rows left out because the report is full (<see cref="FeedsOptions.MaxErrorRowsPerReport"/>).</param>
public sealed record FeedBatchResult(long FromCheckpoint, long ToCheckpoint, FeedSummary Counts, IReadOnlyList<FeedReportRow> Rows, long RowsOmitted = 0);

/// <summary>A seller's budget of feed bytes over a rolling window, checked in the transaction that stores a feed.</summary>
public sealed record FeedQuota(long MaxBytes, TimeSpan Window);

/// <summary>What a quota-checked submission did.</summary>
public abstract record FeedSubmission
{
    /// <summary>Stored now (<paramref name="Created"/>), or found: the first feed of the same Idempotency-Key.</summary>
    public sealed record Stored(FeedRow Feed, bool Created) : FeedSubmission;

    /// <summary>Refused: the seller's feeds in the window plus this one pass the quota, until <paramref name="RoomAt"/>.</summary>
    public sealed record OverQuota(long UsedBytes, DateTimeOffset RoomAt) : FeedSubmission;

    private FeedSubmission()
    {
    }
}

/// <summary>The document's bytes in chunks of at most <see cref="FeedStore.ChunkSize"/>.</summary>
public sealed record FeedDocument(IReadOnlyList<byte[]> Chunks, long Length);
