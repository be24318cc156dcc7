namespace OrderCancellation.Api.Retention;

/// <summary>What the purge removes, in the order a pass removes it: a feed's report rows and document before the feed.</summary>
public enum RetentionKind
{
    FeedReportRows,
    FeedDocuments,
    Feeds,
    Notices,
    WebhookDeliveries,
    LedgerEntries,
    IdempotencyRecords,

    /// <summary>Commands answered 202 and never settled (their order's outcome unknowable), with the idempotency records.</summary>
    PendingCommands,
}

internal static class RetentionKinds
{
    public static TimeSpan AgeOf(this RetentionOptions options, RetentionKind kind) => kind switch
    {
        RetentionKind.FeedReportRows or RetentionKind.Feeds => options.Feeds,
        RetentionKind.FeedDocuments => options.FeedDocuments,
        RetentionKind.Notices => options.Notices,
        RetentionKind.WebhookDeliveries => options.WebhookDeliveries,
        RetentionKind.LedgerEntries => options.LedgerEntries,
        RetentionKind.IdempotencyRecords or RetentionKind.PendingCommands => options.IdempotencyRecords,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
