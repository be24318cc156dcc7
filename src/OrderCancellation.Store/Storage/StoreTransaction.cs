using System.Data.Common;

namespace OrderCancellation.Store.Storage;

/// <summary>
/// A write transaction on the store (<see cref="IStoreConnectionFactory.BeginWriteAsync(CancellationToken)"/>): commit it,
/// or dispose it to roll back.
/// </summary>
public sealed class StoreTransaction : IAsyncDisposable
{
    private readonly Func<string, DbCommand> _commandFactory;
    private readonly Func<bool, ValueTask> _release;
    private readonly Func<string, SQLitePCL.sqlite3_stmt>? _statementFactory;
    private List<DbCommand>? _owned;
    private bool _finished;

    internal StoreTransaction(
        StoreProvider provider, DbConnection connection, DbTransaction transaction, Func<string, DbCommand> commandFactory, Func<bool, ValueTask> release,
        Func<string, SQLitePCL.sqlite3_stmt>? statementFactory = null)
    {
        _statementFactory = statementFactory;
        Provider = provider;
        Connection = connection;
        Transaction = transaction;
        _commandFactory = commandFactory;
        _release = release;
    }

    public StoreProvider Provider { get; }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>
    /// A command enlisted in this transaction, with no parameters. It belongs to the transaction: do not
    /// dispose it. On SQLite the command (and its prepared statement) is reused for the same SQL text.
    /// </summary>
    public DbCommand Command(string sql)
    {
        var command = _commandFactory(sql);
        command.Transaction = Transaction;
        if (Provider == StoreProvider.Postgres)
        {
            (_owned ??= []).Add(command);
        }

        return command;
    }

    /// <summary>
    /// SQLite only: the writer connection's prepared statement for <paramref name="sql"/> (kept for the connection's
    /// life), for bulk writes that bind and step it row after row without ADO.NET's per-execution work.
    /// </summary>
    internal SQLitePCL.sqlite3_stmt Statement(string sql) =>
        (_statementFactory ?? throw new InvalidOperationException("Raw statements are only available on the SQLite writer."))(sql);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        _finished = true;
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        _finished = true;
        await Transaction.RollbackAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var healthy = true;
        if (!_finished)
        {
            try
            {
                await Transaction.RollbackAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // The connection is broken; the release below throws it away.
                healthy = false;
            }
        }

        if (_owned is not null)
        {
            foreach (var command in _owned)
            {
                await command.DisposeAsync();
            }
        }

        await Transaction.DisposeAsync();
        await _release(healthy);
    }
}
