using System.Data.Common;
using System.Text;
using DurableTask.Relational.Store;
using Microsoft.Data.Sqlite;

namespace DurableTask.Relational.Sqlite;

/// <summary>SQLite: every write goes through one <see cref="SqliteWriter"/> (one connection, group commit);
/// reads use pooled connections, which WAL lets run beside the writer.</summary>
internal sealed class SqliteDatabase : IRelationalDatabase
{
    private readonly string _readConnectionString;
    private readonly SqliteWriter _writer;

    public SqliteDatabase(SqliteProviderOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true, DefaultTimeout = 30 };
        _readConnectionString = builder.ToString();
        Sql = new SqlStatements(new SqlDialect(options.TablePrefix, SkipLocked: "", LockRow: "",
            IdList: "IN (SELECT value FROM json_each(@ids))"));
        _writer = new SqliteWriter(builder.ToString(), options.MaxGroupCommit);
    }

    public string Name => "sqlite";

    public SqlStatements Sql { get; }

    public Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _writer.WriteAsync(work, cancellationToken);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await work(connection);
    }

    // BEGIN IMMEDIATE (the writer's transactions) is SQLite's database-wide write lock: the schema lock.
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(async tx => { await SchemaMigrator.ApplyAsync(tx, "Sqlite", Sql.Dialect); return 0; }, cancellationToken);

    public Task DropAsync(CancellationToken cancellationToken) =>
        WriteAsync(async tx =>
        {
            foreach (var table in new[] { "instances", "history", "messages", "activities", "schema_versions" })
            {
                await tx.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.TableName(table)}");
            }

            return 0;
        }, cancellationToken);

    public Task<int[]> ExecuteAsync(DbTransaction transaction, StatementBatch batch) => batch.ExecuteOneByOneAsync(transaction);

    public object IdList(IReadOnlyList<long> ids)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < ids.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(ids[i]);
        }

        return json.Append(']').ToString();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
