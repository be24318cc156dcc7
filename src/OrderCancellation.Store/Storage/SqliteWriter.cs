using Microsoft.Data.Sqlite;

namespace OrderCancellation.Store.Storage;

/// <summary>
/// SQLite allows one writer at a time per file. Serializing writers in-process avoids SQLITE_BUSY storms
/// and lets one long-lived connection keep its prepared statements (a command per SQL text).
/// Other processes on the same file still wait on the busy timeout.
/// </summary>
internal sealed class SqliteWriter(StoreConnectionFactory owner) : IDisposable
{
    /// <summary>WAL size (frames of 4 KiB) past which the checkpointer briefly stops writers to restart the WAL.</summary>
    private const int ForceRestartFrames = 16_384;

    private readonly WriterGate _gate = new();
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SQLitePCL.sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private SqliteConnection? _connection;
    private Task? _checkpointer;

    private SqliteConnection OpenWriter()
    {
        var connection = owner.OpenSqlite();
        using var pragma = connection.CreateCommand();
        // Commits do not checkpoint (a checkpoint fsyncs); the background checkpointer does it off the write path.
        pragma.CommandText = "PRAGMA wal_autocheckpoint = 0;";
        pragma.ExecuteNonQuery();
        _checkpointer ??= Task.Run(CheckpointLoopAsync);
        return connection;
    }

    /// <summary>
    /// Copies the WAL back into the database every 250 ms with a PASSIVE checkpoint, which never blocks the
    /// writer; if sustained writing keeps the WAL from resetting past <see cref="ForceRestartFrames"/>, a
    /// RESTART checkpoint under the writer lock brings it back to the start.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await using var connection = owner.OpenSqlite();
                    await using var passive = connection.CreateCommand();
                    passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await using var reader = await passive.ExecuteReaderAsync(_stopping.Token);
                    var frames = await reader.ReadAsync(_stopping.Token) ? reader.GetInt64(1) : 0;
                    await reader.DisposeAsync();
                    if (frames > ForceRestartFrames)
                    {
                        await WithLockAsync(
                            async () =>
                            {
                                await using var restart = connection.CreateCommand();
                                restart.CommandText = "PRAGMA wal_checkpoint(RESTART);";
                                return await restart.ExecuteNonQueryAsync(_stopping.Token);
                            },
                            _stopping.Token);
                    }
                }
                catch (SqliteException)
                {
                    // Busy or locked: try again at the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async Task<StoreTransaction> BeginAsync(WritePriority priority, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(priority, cancellationToken);
        try
        {
            var connection = _connection ??= OpenWriter();
            var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: take the write lock now.
            return new StoreTransaction(StoreProvider.Sqlite, connection, transaction, GetCommand, ReleaseAsync, GetStatement);
        }
        catch
        {
            Reset();
            _gate.Release();
            throw;
        }
    }

    public async Task<T> WithLockAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(WritePriority.Background, cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand GetCommand(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection!.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        // Parameters are kept (and rebound by name by DbCommandExtensions.With) but unset, so that a
        // parameter the caller forgets fails as it would on a new command instead of binding a stale value.
        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = null;
        }

        return command;
    }

    private SQLitePCL.sqlite3_stmt GetStatement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(_connection!.Handle, sql, out statement);
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            _statements[sql] = statement;
        }

        return statement;
    }

    private ValueTask ReleaseAsync(bool healthy)
    {
        if (!healthy)
        {
            Reset();
        }

        _gate.Release();
        return ValueTask.CompletedTask;
    }

    private void Reset()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        foreach (var statement in _statements.Values)
        {
            statement.Dispose(); // finalized before the connection closes
        }

        _statements.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Cancel();
        try
        {
            _checkpointer?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // It logs nothing and owns nothing worth reporting at shutdown.
        }

        Reset();
        _stopping.Dispose();
    }
}
