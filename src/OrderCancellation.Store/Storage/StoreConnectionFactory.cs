using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrderCancellation.Store.Storage;

/// <summary>Opens connections for the configured provider. SQLite writes go through one writer connection per process.</summary>
public sealed class StoreConnectionFactory : IStoreConnectionFactory, IAsyncDisposable
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
                // The app sends a handful of statement shapes over and over: let Npgsql prepare them.
                builder.MaxAutoPrepare = 64;
            }

            _connectionString = builder.ConnectionString;
            _dataSource = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            DisableSqliteMemoryStatistics();
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

    /// <summary>
    /// SQLite keeps process-wide memory statistics unless told otherwise, behind a global mutex taken on every
    /// allocation and free: every connection (reader or writer) contends on it. Nothing here reads those statistics.
    /// The setting only takes before SQLite first initializes; later (another factory in the same process got there
    /// first) SQLite refuses it and the statistics stay on, which is harmless.
    /// </summary>
    private static void DisableSqliteMemoryStatistics()
    {
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }

        return OpenSqlite();
    }

    public Task<StoreTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        BeginWriteAsync(WritePriority.Background, cancellationToken);

    public async Task<StoreTransaction> BeginWriteAsync(WritePriority priority, CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            return await _writer.BeginAsync(priority, cancellationToken);
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

    /// <summary>Creates the folder of a SQLite file (e.g. <c>./data</c>) and answers the connection string, for others opening the same file.</summary>
    public static string EnsureSqliteFolder(string connectionString)
    {
        EnsureFolder(new SqliteConnectionStringBuilder(connectionString).DataSource);
        return connectionString;
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
}
