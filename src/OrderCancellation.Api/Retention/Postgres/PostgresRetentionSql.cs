namespace OrderCancellation.Api.Retention.Postgres;

/// <summary>
/// PostgreSQL: a batch is the rows named by a <c>LIMIT</c>ed subselect of their <c>ctid</c> (a TID scan, no index
/// needed to find them again). Instances on one database take turns through a transaction-scoped advisory lock, so two
/// never delete the same rows (and never deadlock on them).
/// </summary>
internal sealed class PostgresRetentionSql : IRetentionSql
{
    public string TakeTurn => "SELECT pg_try_advisory_xact_lock(hashtextextended('order-cancellation:retention', 0))";

    public string DeleteBatch(RetentionKind kind) => $"""
        DELETE FROM {RetentionRows.Table(kind)}
        WHERE ctid = ANY(ARRAY(SELECT x.ctid FROM {RetentionRows.Old(kind)} LIMIT @batch))
        """;
}
