using System.Data.Common;
using DurableTask.Relational.Store;
using Npgsql;

namespace DurableTask.Relational.Postgres;

/// <summary>PostgreSQL: each write is a pooled connection's own READ COMMITTED transaction; concurrent workers
/// (in this process or others) claim different rows with <c>FOR UPDATE SKIP LOCKED</c>.</summary>
internal sealed class PostgresDatabase : IRelationalDatabase
{
    private const int MaxDeadlockRetries = 5;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    public PostgresDatabase(PostgresProviderOptions options)
    {
        _schema = options.Schema;
        _dataSource = NpgsqlDataSource.Create(Tuned(options.ConnectionString));
        Sql = new SqlStatements(new SqlDialect($"\"{options.Schema}\".", SkipLocked: "FOR UPDATE SKIP LOCKED",
            LockRow: "FOR UPDATE", IdList: "= ANY(@ids)"));
    }

    public string Name => "postgres";

    /// <summary>Unless the connection string says otherwise: the provider's few statements run thousands of times
    /// a second, so Npgsql prepares them on the server after their second use (no parse and plan per call), and a
    /// pooled connection is not reset on return (the provider sets no session state).</summary>
    private static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public SqlStatements Sql { get; }

    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException exception) when (attempt < MaxDeadlockRetries &&
                exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Two completions that message each other's instances can lock rows in opposite orders;
                // PostgreSQL breaks the tie by failing one, which simply runs again.
            }
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    // The advisory lock serialises start-ups of many workers on one database; it ends with the transaction.
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(async tx =>
        {
            await tx.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", ("@key", $"DurableTask.Relational:{_schema}"));
            await tx.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS \"{_schema}\"");
            await SchemaMigrator.ApplyAsync(tx, "Postgres", Sql.Dialect);
            return 0;
        }, cancellationToken);

    public Task DropAsync(CancellationToken cancellationToken) =>
        WriteAsync(async tx => await tx.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"), cancellationToken);

    /// <summary>One round trip for the whole batch.</summary>
    public async Task<int[]> ExecuteAsync(DbTransaction transaction, StatementBatch batch)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        await using var npgsqlBatch = new NpgsqlBatch((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction);
        foreach (var (sql, parameters) in batch.Statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            }

            npgsqlBatch.BatchCommands.Add(command);
        }

        await npgsqlBatch.ExecuteNonQueryAsync();
        var affected = new int[npgsqlBatch.BatchCommands.Count];
        for (var i = 0; i < affected.Length; i++)
        {
            affected[i] = npgsqlBatch.BatchCommands[i].RecordsAffected;
        }

        return affected;
    }

    public object IdList(IReadOnlyList<long> ids) => ids.ToArray();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
