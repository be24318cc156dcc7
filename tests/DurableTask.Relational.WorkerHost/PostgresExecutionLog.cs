using System.Data.Common;
using Npgsql;

namespace DurableTask.Relational.WorkerHost;

/// <summary>The side table in the provider's PostgreSQL database (schema public; the provider's is <c>dt</c>).</summary>
public sealed class PostgresExecutionLog(string connectionString) : ExecutionLog
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    // Workers start side by side: the advisory lock keeps two CREATE TABLE IF NOT EXISTS from racing on the catalog.
    public override async Task CreateAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock(hashtext('{Table}')); " +
            $"CREATE TABLE IF NOT EXISTS {Table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, instance_id text NOT NULL, step integer NOT NULL, worker_id text NOT NULL)",
            connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    protected override async Task<DbConnection> OpenAsync() => await _dataSource.OpenConnectionAsync();
}
