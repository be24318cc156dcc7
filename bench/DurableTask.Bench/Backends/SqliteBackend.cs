using DurableTask.Core;
using DurableTask.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OrderCancellation.TestSupport;

namespace DurableTask.Bench.Backends;

/// <summary>Our provider on a SQLite file in a temp folder (one file per scenario).</summary>
internal sealed class SqliteBackend : IBenchBackend
{
    private readonly List<SqliteTempFile> _files = [];

    public string Name => "sqlite";

    public Task StartAsync() => Task.CompletedTask;

    public Task<IOrchestrationService> NewServiceAsync(string scenario, ILoggerFactory loggerFactory)
    {
        var file = new SqliteTempFile($"{scenario}.db");
        _files.Add(file);
        return Task.FromResult<IOrchestrationService>(new RelationalOrchestrationService(
            new SqliteProviderOptions { ConnectionString = file.ConnectionString, TaskHub = scenario }, loggerFactory));
    }

    /// <summary>Single-row INSERT transactions (BEGIN IMMEDIATE … COMMIT) from <paramref name="concurrency"/> writers
    /// sharing one connection with the provider's pragmas (WAL, synchronous=NORMAL): SQLite has one writer, and the
    /// provider's writer is one connection too, though it commits many transactions at once.</summary>
    public async Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration)
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
        var perSecond = await CeilingLoop.RunAsync(concurrency, duration, async (worker, _) =>
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
        return new StoreCeiling(perSecond, $"single-row INSERT+COMMIT transactions/s, {concurrency} writers on SQLite's one write connection (WAL, synchronous=NORMAL)");
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
