using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderCancellation.Durable.Storage;

/// <summary>Opens connections for the configured provider. SQLite writes go through one writer connection per process.</summary>
internal sealed class StoreConnectionFactory : IStoreConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly SqliteWriter? _writer;
    private readonly string _sqlitePragmas = string.Empty;
    private readonly string _connectionString;

    public StoreConnectionFactory(IOptions<StoreOptions> options)
    {
        var o = options.Value;
        Provider = o.ParsedProvider;
        if (Provider == StoreProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(o.ConnectionString);
            if (builder.MaxAutoPrepare == 0)
            {
                // The runtime sends a handful of statement shapes over and over: let Npgsql prepare them.
                builder.MaxAutoPrepare = 64;
            }

            _connectionString = builder.ConnectionString;
            _dataSource = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(o.ConnectionString) { Pooling = true };
            EnsureFolder(builder.DataSource);
            _connectionString = builder.ConnectionString;
            // WAL: readers never block the writer. synchronous=NORMAL in WAL survives a process kill;
            // only an OS crash or power loss may lose the last commits (FULL closes that window).
            _sqlitePragmas = $"PRAGMA busy_timeout = {(int)o.SqliteBusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {o.SqliteSynchronous};";
            _writer = new SqliteWriter(this);
        }
    }

    public StoreProvider Provider { get; }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }

        return OpenSqlite();
    }

    public async Task<StoreTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            return await _writer.BeginAsync(cancellationToken);
        }

        var connection = await _dataSource!.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return new StoreTransaction(
                StoreProvider.Postgres,
                connection,
                transaction,
                sql => new NpgsqlCommand(sql, connection),
                _ => connection.DisposeAsync());
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal SqliteConnection OpenSqlite()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _sqlitePragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> while holding the SQLite writer lock (migrations use <c>BEGIN EXCLUSIVE</c> themselves).</summary>
    internal Task<T> WithSqliteWriterLockAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        _writer!.WithLockAsync(work, cancellationToken);

    /// <summary>DI may dispose it twice (registered as itself and as the interface); the second time is a no-op.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        _writer?.Dispose();
    }

    private static void EnsureFolder(string dataSource)
    {
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// SQLite allows one writer at a time per file. Serializing writers in-process avoids SQLITE_BUSY storms
    /// and lets one long-lived connection keep its prepared statements (a command per SQL text).
    /// Other processes on the same file still wait on the busy timeout.
    /// </summary>
    private sealed class SqliteWriter(StoreConnectionFactory owner) : IDisposable
    {
        /// <summary>WAL size (frames of 4 KiB) past which the checkpointer briefly stops writers to restart the WAL.</summary>
        private const int ForceRestartFrames = 16_384;

        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
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

        public async Task<StoreTransaction> BeginAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var connection = _connection ??= OpenWriter();
                var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: take the write lock now.
                return new StoreTransaction(StoreProvider.Sqlite, connection, transaction, GetCommand, ReleaseAsync);
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
            await _gate.WaitAsync(cancellationToken);
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
}
