using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Bench;

/// <summary>
/// A store the app runs on: <c>sqlite</c> (a file in a temp folder per app) or <c>postgres</c> (a throwaway server
/// started here, fsync on, loopback, one database per app), and its raw ceiling measured without the app, as
/// bench/DurableTask.Bench measures it.
/// </summary>
internal abstract class Backend : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres": the app's <c>Store:Provider</c> and the JSON's <c>backend</c>.</summary>
    public abstract string Name { get; }

    public virtual Task StartAsync() => Task.CompletedTask;

    /// <summary>A new empty database for one app; its connection string.</summary>
    public abstract Task<string> NewStoreAsync(string name);

    /// <summary>Single-row INSERT+COMMIT transactions/s from <paramref name="concurrency"/> writers.</summary>
    public abstract Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration);

    public abstract ValueTask DisposeAsync();

    public static Backend Create(string name) => name switch
    {
        "sqlite" => new SqliteBackend(),
        "postgres" => new PostgresBackend(),
        _ => throw new ArgumentException($"unknown backend '{name}' (sqlite, postgres)"),
    };

    protected static async Task<double> LoopAsync(int concurrency, TimeSpan duration, Func<int, Task> operation)
    {
        long done = 0;
        var end = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
            {
                await operation(worker);
                Interlocked.Increment(ref done);
            }
        })));
        return Math.Round(done / watch.Elapsed.TotalSeconds);
    }
}

internal sealed class SqliteBackend : Backend
{
    private readonly List<SqliteTempFile> _files = [];

    public override string Name => "sqlite";

    public override Task<string> NewStoreAsync(string name)
    {
        var file = new SqliteTempFile($"{name}.db");
        _files.Add(file);
        return Task.FromResult(file.ConnectionString);
    }

    /// <summary>As bench/DurableTask.Bench: single-row INSERT transactions (BEGIN … COMMIT) from
    /// <paramref name="concurrency"/> writers sharing one connection (WAL, synchronous=NORMAL), in a file of its own
    /// in the same temp folder as the app's.</summary>
    public override async Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration)
    {
        var file = new SqliteTempFile("ceiling.db");
        _files.Add(file);
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; " +
                "CREATE TABLE ceiling (id INTEGER PRIMARY KEY AUTOINCREMENT, worker INTEGER NOT NULL, body TEXT NOT NULL);";
            await setup.ExecuteNonQueryAsync();
        }

        var gate = new SemaphoreSlim(1, 1);
        var body = new string('x', 200);
        var perSecond = await LoopAsync(concurrency, duration, async worker =>
        {
            await gate.WaitAsync();
            try
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO ceiling (worker, body) VALUES ($w, $b)";
                insert.Parameters.AddWithValue("$w", worker);
                insert.Parameters.AddWithValue("$b", body);
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            finally
            {
                gate.Release();
            }
        });
        return new StoreCeiling(perSecond, $"single-row INSERT+COMMIT transactions/s, {concurrency} writers on one SQLite connection (WAL, synchronous=NORMAL)");
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgresBackend : Backend
{
    private PostgresServer? _server;

    public override string Name => "postgres";

    private PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public override async Task StartAsync()
    {
        Report.Progress("starting PostgreSQL (fsync on)");
        _server = await PostgresServer.StartAsync(fsync: true);
        ServerCpu.Postmaster = ServerCpu.PostmasterOf(_server.DataDirectory);
    }

    /// <summary>A fresh database; the pool at Npgsql's default size (100), not the test fixture's 50.</summary>
    public override async Task<string> NewStoreAsync(string name) =>
        new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(name.Replace('-', '_'))) { MaxPoolSize = 100 }.ConnectionString;

    /// <summary>As bench/DurableTask.Bench: single-row INSERTs, each its own committed transaction, from
    /// <paramref name="concurrency"/> connections, in a database of its own on the same server.</summary>
    public override async Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration)
    {
        await using var source = NpgsqlDataSource.Create(await NewStoreAsync("ceiling"));
        await using (var create = source.CreateCommand("CREATE TABLE ceiling (id bigserial PRIMARY KEY, worker int NOT NULL, body text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var body = new string('x', 200);
        var perSecond = await LoopAsync(concurrency, duration, async worker =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO ceiling (worker, body) VALUES (@w, @b)", connection);
            insert.Parameters.AddWithValue("w", worker);
            insert.Parameters.AddWithValue("b", body);
            await insert.ExecuteNonQueryAsync();
        });
        return new StoreCeiling(perSecond, $"single-row INSERT+COMMIT transactions/s, {concurrency} connections (fsync on, synchronous_commit on)");
    }

    public override async ValueTask DisposeAsync()
    {
        ServerCpu.Postmaster = null;
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
