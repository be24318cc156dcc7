using System.Data.Common;
using System.Threading.Channels;
using DurableTask.Relational.Store;
using Microsoft.Data.Sqlite;

namespace DurableTask.Relational.Sqlite;

/// <summary>
/// SQLite's single writer with group commit. Writes queue here; one loop takes every write waiting (up to
/// <c>maxGroup</c>), runs them in one <c>BEGIN IMMEDIATE</c> transaction, commits once and then answers them
/// all. A write that throws is answered with its exception and the others still commit (see
/// <see cref="CommitGroupAsync"/>); a failed commit fails the whole group (none of it is durable). Answers come
/// only after the commit, so a completed task means durable.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly int _maxGroup;
    private readonly Task _loop;
    private readonly SqliteCheckpointer _checkpointer;

    public SqliteWriter(string connectionString, int maxGroup)
    {
        _connectionString = connectionString;
        _maxGroup = maxGroup;
        _loop = Task.Run(RunAsync);
        _checkpointer = new SqliteCheckpointer(connectionString, TimeSpan.FromMilliseconds(500));
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
        await _checkpointer.DisposeAsync();
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

    /// <summary>
    /// Runs the group in one transaction. Writes rarely throw (a refusal such as "instance exists"), so there is no
    /// savepoint per write (two more statements each): when one throws, the whole group is rolled back and each
    /// write is run again in a transaction of its own, so the failure stays with its write.
    /// </summary>
    private static async Task CommitGroupAsync(SqliteConnection connection, List<IWrite> group)
    {
        var live = group.Where(w => !w.IsCanceled).ToList();
        foreach (var canceled in group.Where(w => w.IsCanceled))
        {
            canceled.Cancel();
        }

        if (live.Count == 0)
        {
            return;
        }

        if (live.Count > 1)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            try
            {
                foreach (var write in live)
                {
                    await write.RunAsync(transaction);
                }
            }
            catch (Exception exception) when (exception is not SqliteException { SqliteErrorCode: 10 or 11 or 13 })
            {
                // A write's own failure (an expected refusal or a bug): undo the group, then run each alone.
                await transaction.RollbackAsync();
                foreach (var write in live)
                {
                    await RunAloneAsync(connection, write);
                }

                return;
            }

            await transaction.CommitAsync();
            foreach (var write in live)
            {
                write.Succeed();
            }

            return;
        }

        await RunAloneAsync(connection, live[0]);
    }

    // I/O, corruption and full-disk errors (10, 11, 13) escape and fail the whole group.
    private static async Task RunAloneAsync(SqliteConnection connection, IWrite write)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            await write.RunAsync(transaction);
        }
        catch (Exception exception) when (exception is not SqliteException { SqliteErrorCode: 10 or 11 or 13 })
        {
            await transaction.RollbackAsync();
            write.Fail(exception);
            return;
        }

        await transaction.CommitAsync();
        write.Succeed();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the process being killed
        // (it is in the WAL file); only an OS crash or power loss can lose the last commits. Checkpoints are the
        // checkpointer's job, not the writer's (wal_autocheckpoint=0).
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;";
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
