using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DurableTask.Relational.WorkerHost;

/// <summary>The side table in the provider's SQLite file; the busy timeout waits out the provider's writer.</summary>
public sealed class SqliteExecutionLog(string connectionString) : ExecutionLog
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 60 }.ToString();

    public override async Task CreateAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, step INTEGER NOT NULL, worker_id TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
