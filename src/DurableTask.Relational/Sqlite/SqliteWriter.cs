using System.Data.Common;
using System.Threading.Channels;
using DurableTask.Relational.Store;
using Microsoft.Data.Sqlite;

namespace DurableTask.Relational.Sqlite;

/// <summary>
/// SQLite's single writer with group commit. Writes queue here; one loop takes every write waiting (up to
/// <c>maxGroup</c>), runs each inside its own savepoint of one <c>BEGIN IMMEDIATE</c> transaction, commits once
/// and then answers them all. A write that throws rolls back its savepoint alone; a failed commit fails the
/// whole group (none of it is durable). Answers come only after the commit, so a completed task means durable.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly int _maxGroup;
    private readonly Task _loop;

    public SqliteWriter(string connectionString, int maxGroup)
    {
        _connectionString = connectionString;
        _maxGroup = maxGroup;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var write = new Write<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter));
        }

        return write.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        var group = new List<IWrite>(_maxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _maxGroup && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            try
            {
                connection ??= await OpenAsync();
                await CommitGroupAsync(connection, group);
            }
            catch (Exception exception)
            {
                // The connection may be unusable (disk full, file deleted): fail the group and start a new one.
                foreach (var write in group)
                {
                    write.Fail(exception);
                }

                if (connection is not null)
                {
                    StatementCache.Detach(connection);
                    await connection.DisposeAsync();
                }

                connection = null;
            }
        }

        if (connection is not null)
        {
            StatementCache.Detach(connection);
            await connection.DisposeAsync();
        }
    }

    private static async Task CommitGroupAsync(SqliteConnection connection, List<IWrite> group)
    {
        var done = new List<IWrite>(group.Count);
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            foreach (var write in group)
            {
                if (write.IsCanceled)
                {
                    write.Cancel();
                    continue;
                }

                await transaction.SaveAsync("w");
                try
                {
                    await write.RunAsync(transaction);
                    await transaction.ReleaseAsync("w");
                    done.Add(write);
                }
                catch (Exception exception) when (exception is not SqliteException { SqliteErrorCode: 10 or 11 or 13 })
                {
                    // The write's own failure (an expected refusal or a bug): undo it alone. I/O, corruption and
                    // full-disk errors (10, 11, 13) fall through and fail the whole group.
                    await transaction.RollbackAsync("w");
                    await transaction.ReleaseAsync("w");
                    write.Fail(exception);
                }
            }

            await transaction.CommitAsync();
        }

        foreach (var write in done)
        {
            write.Succeed();
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the process being killed
        // (it is in the WAL file); only an OS crash or power loss can lose the last commits.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync();
        StatementCache.Attach(connection);
        return connection;
    }

    private interface IWrite
    {
        bool IsCanceled { get; }
        Task RunAsync(DbTransaction transaction);
        void Succeed();
        void Fail(Exception exception);
        void Cancel();
    }

    private sealed class Write<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsCanceled => cancellationToken.IsCancellationRequested;

        public async Task RunAsync(DbTransaction transaction) => _result = await work(transaction);

        public void Succeed() => Completion.TrySetResult(_result!);

        public void Fail(Exception exception) => Completion.TrySetException(exception);

        public void Cancel() => Completion.TrySetCanceled(cancellationToken);
    }
}
