using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCancellation.TestSupport;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>The database a fault test's workers share: what the worker processes are told, and how the test reads
/// the provider's tables and the workers' side table directly.</summary>
public abstract class FaultStore : IAsyncDisposable
{
    /// <summary>The WorkerHost's first argument.</summary>
    public abstract string Database { get; }

    public abstract string ConnectionString { get; }

    /// <summary>The provider's instances table, as SQL names it.</summary>
    public abstract string Instances { get; }

    /// <summary>The provider's activities table, as SQL names it.</summary>
    public abstract string Activities { get; }

    public abstract RelationalOrchestrationService CreateService(string workerId);

    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
        }

        return rows;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64((await QueryAsync(sql, parameters))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public abstract ValueTask DisposeAsync();

    protected abstract Task<DbConnection> OpenAsync();
}

public sealed class SqliteFaultStore : FaultStore
{
    private readonly SqliteTempFile _file = new("faults.db");

    public override string Database => "sqlite";

    public override string ConnectionString => _file.ConnectionString;

    public override string Instances => "dt_instances";

    public override string Activities => "dt_activities";

    public override RelationalOrchestrationService CreateService(string workerId) =>
        new(new SqliteProviderOptions { ConnectionString = ConnectionString, WorkerId = workerId });

    public override ValueTask DisposeAsync()
    {
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class PostgresFaultStore(string connectionString) : FaultStore
{
    public static async Task<PostgresFaultStore> CreateAsync(PostgresServer server) => new(await server.CreateDatabaseAsync("faults"));

    public override string Database => "postgres";

    public override string ConnectionString => connectionString;

    public override string Instances => "dt.instances";

    public override string Activities => "dt.activities";

    public override RelationalOrchestrationService CreateService(string workerId) =>
        new(new PostgresProviderOptions { ConnectionString = ConnectionString, Schema = "dt", WorkerId = workerId });

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
