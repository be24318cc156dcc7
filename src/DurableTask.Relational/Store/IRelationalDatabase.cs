using System.Data.Common;

namespace DurableTask.Relational.Store;

/// <summary>
/// What differs between the databases, and nothing else: how a write transaction is run (SQLite: a savepoint
/// inside the single writer's group commit; PostgreSQL: a pooled connection's own transaction), the statement
/// text, and how a list of ids is bound. The provider's logic is written once against this.
/// </summary>
internal interface IRelationalDatabase : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres", for logs.</summary>
    string Name { get; }

    /// <summary>Every statement, with this database's table names and dialect filled in.</summary>
    SqlStatements Sql { get; }

    /// <summary>Runs <paramref name="work"/> in one transaction and returns after it committed. A throw rolls back
    /// this work alone. PostgreSQL re-runs the work after a deadlock, so it must touch nothing but the database.</summary>
    Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a connection that sees every committed write.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Applies the embedded schema scripts not applied yet, under a database lock.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Drops every table of the provider (DTFx's DeleteAsync).</summary>
    Task DropAsync(CancellationToken cancellationToken);

    /// <summary>Runs a batch's statements in order inside <paramref name="transaction"/>; returns rows affected by each.</summary>
    Task<int[]> ExecuteAsync(DbTransaction transaction, StatementBatch batch);

    /// <summary>The value of the <c>@ids</c> parameter that the <c>{IDS}</c> fragment of a statement reads.</summary>
    object IdList(IReadOnlyList<long> ids);
}
