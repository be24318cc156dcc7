using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrderCancellation.Durable.Storage;

/// <summary>
/// Binds and steps the SQLite writer's kept statements (<see cref="StoreTransaction.Statement"/>) row after row,
/// without ADO.NET's per-execution work. Values are bound by position: null, a long, or text already encoded as
/// UTF-8 (<see cref="Text"/>), so that the encoding is paid by whoever builds the rows, not under the writer.
/// </summary>
internal static class RawStatements
{
    /// <summary>A string as the UTF-8 bytes SQLite stores (null stays null).</summary>
    public static byte[]? Text(string? value) => value is null ? null : Encoding.UTF8.GetBytes(value);

    /// <summary>Runs a statement that returns no row.</summary>
    public static void Execute(sqlite3 db, sqlite3_stmt statement, object?[] values)
    {
        try
        {
            BindAll(db, statement, values);
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
        finally
        {
            Reset(statement);
        }
    }

    /// <summary>The first column of the statement's first row as a long, or null when it returns no row.</summary>
    public static long? ReadInt64(sqlite3 db, sqlite3_stmt statement, object?[] values)
    {
        try
        {
            BindAll(db, statement, values);
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_int64(statement, 0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return null;
        }
        finally
        {
            Reset(statement);
        }
    }

    private static void BindAll(sqlite3 db, sqlite3_stmt statement, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(statement, i + 1),
                long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                byte[] utf8 => raw.sqlite3_bind_text(statement, i + 1, utf8.AsSpan()),
                var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name}: pass text as UTF-8 (RawStatements.Text).", nameof(values)),
            };
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }

    private static void Reset(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }
}
