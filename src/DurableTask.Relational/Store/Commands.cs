using System.Data.Common;

namespace DurableTask.Relational.Store;

/// <summary>Small ADO.NET helpers shared by both databases.</summary>
internal static class Commands
{
    public static DbCommand Command(this DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        return Fill(command, sql, parameters);
    }

    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Fill(connection.CreateCommand(), sql, parameters);

    public static DbCommand Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<int> ExecuteAsync(this DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        if (StatementCache.For(transaction.Connection!) is { } cache)
        {
            var cached = cache.Get(sql, transaction);
            foreach (var (name, value) in parameters)
            {
                cached.Add(name, value);
            }

            return await cached.ExecuteNonQueryAsync();
        }

        await using var command = transaction.Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static DbCommand Fill(DbCommand command, string sql, (string Name, object? Value)[] parameters)
    {
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        return command;
    }
}
