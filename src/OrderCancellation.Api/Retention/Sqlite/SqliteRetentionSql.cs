namespace OrderCancellation.Api.Retention.Sqlite;

/// <summary>
/// SQLite: a batch is the rows named by a <c>LIMIT</c>ed subselect of their rowid (or of the primary key, for the
/// <c>WITHOUT ROWID</c> tables). The app's single writer already makes the purge one at a time.
/// </summary>
internal sealed class SqliteRetentionSql : IRetentionSql
{
    public string TakeTurn => "SELECT 1";

    public string DeleteBatch(RetentionKind kind)
    {
        var key = kind switch
        {
            RetentionKind.FeedReportRows => new[] { "feed_id", "entry" },      // WITHOUT ROWID
            RetentionKind.WebhookDeliveries => ["activity_id", "subscription_id"], // WITHOUT ROWID
            _ => ["rowid"],
        };
        return $"""
            DELETE FROM {RetentionRows.Table(kind)}
            WHERE ({string.Join(", ", key)}) IN (SELECT {string.Join(", ", key.Select(k => "x." + k))} FROM {RetentionRows.Old(kind)} LIMIT @batch)
            """;
    }
}
