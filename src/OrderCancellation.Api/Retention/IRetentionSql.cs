namespace OrderCancellation.Api.Retention;

/// <summary>The purge's statements on one database (<c>Sqlite/</c>, <c>Postgres/</c>).</summary>
internal interface IRetentionSql
{
    /// <summary>A query answering true when this process may purge now: one purger per database at a time.</summary>
    string TakeTurn { get; }

    /// <summary>Deletes at most <c>@batch</c> rows of <paramref name="kind"/> older than <c>@cutoff</c>; returns the rows deleted.</summary>
    string DeleteBatch(RetentionKind kind);
}
