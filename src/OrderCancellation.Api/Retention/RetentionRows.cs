using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Api.Retention;

/// <summary>
/// Which rows of each kind are old enough to go, as <c>FROM … WHERE …</c> with the purged table aliased <c>x</c>
/// (parameter <c>@cutoff</c>: Unix milliseconds). The same text on both databases; each dialect wraps it in its
/// batched <c>DELETE</c>. What a live order or a running feed still needs never matches.
/// </summary>
internal static class RetentionRows
{
    /// <summary>The statuses of an order that can still change: its notices and ledger rows stay whatever their age.</summary>
    private static readonly string OpenStatuses = string.Join(", ", new[] { OrderStatus.Pending, OrderStatus.Unshipped, OrderStatus.PartiallyShipped }.Select(s => $"'{s}'"));

    // Only ended feeds: IN_QUEUE and IN_PROGRESS feeds are read by the processor, whatever their age.
    private const string EndedFeed = "f.status IN ('DONE', 'FATAL') AND f.ended_at < @cutoff";

    // order_view_tags' primary key (name, value, order_id) serves this: one probe per open status.
    private static string NotOfAnOpenOrder => $"""
        NOT EXISTS (SELECT 1 FROM order_view_tags t
                    WHERE t.name = '{OrderTags.OrderStatus}' AND t.value IN ({OpenStatuses}) AND t.order_id = x.order_id)
        """;

    public static string Table(RetentionKind kind) => kind switch
    {
        RetentionKind.FeedReportRows => "feed_errors",
        RetentionKind.FeedDocuments => "feed_documents",
        RetentionKind.Feeds => "feeds",
        RetentionKind.Notices => "notifications",
        RetentionKind.WebhookDeliveries => "webhook_deliveries",
        RetentionKind.LedgerEntries => "ledger_entries",
        RetentionKind.IdempotencyRecords => "command_answers",
        RetentionKind.PendingCommands => "pending_commands",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Old(RetentionKind kind) => kind switch
    {
        RetentionKind.FeedReportRows => $"feed_errors x JOIN feeds f ON f.feed_id = x.feed_id WHERE {EndedFeed}",
        RetentionKind.FeedDocuments => $"feed_documents x JOIN feeds f ON f.feed_id = x.feed_id WHERE {EndedFeed}",
        // A feed goes once its report rows and document have gone (earlier steps of the same pass).
        RetentionKind.Feeds => """
            feeds x WHERE x.status IN ('DONE', 'FATAL') AND x.ended_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM feed_errors e WHERE e.feed_id = x.feed_id)
              AND NOT EXISTS (SELECT 1 FROM feed_documents d WHERE d.feed_id = x.feed_id)
            """,
        RetentionKind.Notices => $"notifications x WHERE x.created_at < @cutoff AND {NotOfAnOpenOrder}",
        RetentionKind.WebhookDeliveries => "webhook_deliveries x WHERE x.delivered_at < @cutoff",
        RetentionKind.LedgerEntries => $"ledger_entries x WHERE x.at < @cutoff AND {NotOfAnOpenOrder}",
        RetentionKind.IdempotencyRecords => "command_answers x WHERE x.created_at < @cutoff",
        // ix_pending_commands_created (ReadModel/Schema/…/0003) serves it.
        RetentionKind.PendingCommands => "pending_commands x WHERE x.created_at < @cutoff",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
