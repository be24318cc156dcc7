using DurableTask.Core;
using DurableTask.Relational;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrderCancellation.TestSupport;

namespace DurableTask.Bench.Backends;

/// <summary>Our provider on a throwaway PostgreSQL (fsync on, loopback), one database per scenario.</summary>
internal sealed class PostgresBackend : IBenchBackend
{
    private PostgresServer? _server;

    public string Name => "postgres";

    private PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public async Task StartAsync()
    {
        Report.Progress("starting PostgreSQL (fsync on)");
        _server = await PostgresServer.StartAsync(fsync: true);
    }

    public async Task<IOrchestrationService> NewServiceAsync(string scenario, ILoggerFactory loggerFactory) =>
        new RelationalOrchestrationService(
            new PostgresProviderOptions { ConnectionString = await NewDatabaseAsync(scenario), Schema = "dt", TaskHub = scenario },
            loggerFactory);

    /// <summary>Single-row INSERTs, each its own committed transaction, from <paramref name="concurrency"/>
    /// connections.</summary>
    public async Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration)
    {
        await using var source = NpgsqlDataSource.Create(await NewDatabaseAsync("ceiling"));
        await using (var create = source.CreateCommand("CREATE TABLE ceiling (id bigserial PRIMARY KEY, worker int NOT NULL, body text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var body = new string('x', 200);
        var perSecond = await CeilingLoop.RunAsync(concurrency, duration, async (worker, _) =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO ceiling (worker, body) VALUES (@w, @b)", connection);
            insert.Parameters.AddWithValue("w", worker);
            insert.Parameters.AddWithValue("b", body);
            await insert.ExecuteNonQueryAsync();
        });
        return new StoreCeiling(perSecond, $"single-row INSERT+COMMIT transactions/s, {concurrency} connections (fsync on, synchronous_commit on)");
    }

    private async Task<string> NewDatabaseAsync(string scenario)
    {
        // The provider runs up to 16 orchestration and 16 activity work items per core at once, plus the client loops.
        var builder = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(scenario.Replace('-', '_'))) { MaxPoolSize = 100 };
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
