namespace DurableTask.Relational.Store;

/// <summary>The few fragments of SQL that differ between SQLite and PostgreSQL; every statement is written once
/// in <see cref="SqlStatements"/> with these as placeholders.</summary>
/// <param name="Tables">Qualifies a table name: <c>dt_</c> (SQLite prefix) or <c>"dt".</c> (PostgreSQL schema).</param>
/// <param name="SkipLocked">Ends claim sub-queries: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>, so concurrent
/// workers claim different rows; empty on SQLite, whose single writer already serialises claims.</param>
/// <param name="LockRow">Ends a read of a row the transaction is about to change (PostgreSQL's <c>FOR UPDATE</c>).</param>
/// <param name="IdList">Tests a row id against the bound id list <c>@ids</c>.</param>
internal sealed record SqlDialect(string Tables, string SkipLocked, string LockRow, string IdList)
{
    public string Apply(string sql) => sql
        .Replace("{T}", Tables, StringComparison.Ordinal)
        .Replace("{SKIP}", SkipLocked, StringComparison.Ordinal)
        .Replace("{LOCK}", LockRow, StringComparison.Ordinal)
        .Replace("{IDS}", IdList, StringComparison.Ordinal);
}
