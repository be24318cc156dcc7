using System.Data.Common;
using System.Runtime.CompilerServices;

namespace DurableTask.Relational.Store;

/// <summary>
/// Prepared commands kept per long-lived connection (SQLite's single writer), so a statement is compiled once
/// instead of on every write: with every write on one thread, SQLite's prepare was a large share of its time.
/// Pooled connections have no cache; their commands are made and disposed per use.
/// </summary>
internal sealed class StatementCache
{
    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Caches = new();
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly DbConnection _connection;

    private StatementCache(DbConnection connection) => _connection = connection;

    public static void Attach(DbConnection connection) => Caches.AddOrUpdate(connection, new StatementCache(connection));

    public static void Detach(DbConnection connection)
    {
        if (Caches.TryGetValue(connection, out var cache))
        {
            foreach (var command in cache._commands.Values)
            {
                command.Dispose();
            }

            Caches.Remove(connection);
        }
    }

    public static StatementCache? For(DbConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>The cached command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/>, with no
    /// parameters. The caller must not dispose it.</summary>
    public DbCommand Get(string sql, DbTransaction transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
