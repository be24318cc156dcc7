using System.Data.Common;

namespace OrderCancellation.Store.Storage;

/// <summary>Small ADO.NET helpers shared by both providers (parameters are <c>@name</c> on both).</summary>
public static class DbCommandExtensions
{
    /// <summary>Sets (adding it when missing) a parameter; <c>null</c> becomes <see cref="DBNull"/>.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value ?? DBNull.Value; // a reused (SQLite writer) command
            return command;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    internal static DbCommand Sql(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    internal static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static long? NullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
