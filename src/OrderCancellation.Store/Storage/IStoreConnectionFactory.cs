using System.Data.Common;

namespace OrderCancellation.Store.Storage;

/// <summary>
/// The store seam shared with the app: opens connections to the configured database and begins write
/// transactions (one writer with group commit on SQLite), for every component's tables.
/// </summary>
public interface IStoreConnectionFactory
{
    StoreProvider Provider { get; }

    /// <summary>Opens a new pooled connection (SQLite: busy timeout and synchronous pragmas applied). Use it for reads.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a write transaction. SQLite: waits for the process' single writer (an in-process lock), then
    /// <c>BEGIN IMMEDIATE</c> on the writer connection, whose prepared statements are reused. PostgreSQL: a
    /// pooled connection in READ COMMITTED; lock rows yourself (<c>FOR UPDATE</c>).
    /// Hold it briefly: on SQLite every other write in the process waits for it.
    /// </summary>
    Task<StoreTransaction> BeginWriteAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="BeginWriteAsync(CancellationToken)"/> (which is <see cref="WritePriority.Background"/>), and on
    /// SQLite an <see cref="WritePriority.Interactive"/> write waits ahead of background work for the writer.
    /// </summary>
    Task<StoreTransaction> BeginWriteAsync(WritePriority priority, CancellationToken cancellationToken = default) =>
        BeginWriteAsync(cancellationToken);
}
