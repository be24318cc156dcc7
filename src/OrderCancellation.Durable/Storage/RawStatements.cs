using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrderCancellation.Durable.Storage;

/// <summary>
/// Binds and steps the SQLite writer's kept statements (<see cref="StoreTransaction.Statement"/>) row after row,
/// without ADO.NET's per-execution work. Values are bound by position: null, a long, or a string, encoded to UTF-8
/// in this thread's buffer (SQLite copies a bound text), so binding allocates nothing: a feed binds kilobytes of
/// text per record, and copies made ahead of the write would live, and be collected, with the batch. A typed row is
/// bound straight from its fields (<see cref="Execute{T}"/>), with no array of boxed values per row.
/// </summary>
internal static class RawStatements
{
    [ThreadStatic]
    private static byte[]? utf8Buffer;

    /// <summary>Runs a statement that returns no row (an insert, update or delete) for <paramref name="row"/>, which <paramref name="bind"/> binds.</summary>
    public static void Execute<T>(sqlite3 db, sqlite3_stmt statement, T row, Action<RowBinder, T> bind) => _ = Step(db, statement, row, bind);

    /// <summary>The first column of the statement's first row as a long, or null when it returns no row.</summary>
    public static long? ReadInt64(sqlite3 db, sqlite3_stmt statement, object?[] values) => Step(db, statement, values, BindAll);

    /// <summary>Binds, steps once and resets: the first column of a returned row, or null when there is none.</summary>
    private static long? Step<T>(sqlite3 db, sqlite3_stmt statement, T row, Action<RowBinder, T> bind)
    {
        try
        {
            bind(new RowBinder(db, statement), row);
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

    /// <summary>Binds untyped values in order: null, a long or a string.</summary>
    private static void BindAll(RowBinder binder, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _ = values[i] switch
            {
                null => binder.Text(i + 1, null),
                long number => binder.Int64(i + 1, number),
                string text => binder.Text(i + 1, text),
                var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name}.", nameof(values)),
            };
        }
    }

    /// <summary>Binds one row's values to a statement's numbered parameters (<c>?1</c> is position 1).</summary>
    public readonly struct RowBinder(sqlite3 db, sqlite3_stmt statement)
    {
        /// <summary>Binds a text, or NULL for null.</summary>
        public RowBinder Text(int position, string? value) =>
            Check(value is null ? raw.sqlite3_bind_null(statement, position) : raw.sqlite3_bind_text(statement, position, Utf8(value)));

        public RowBinder Int64(int position, long value) => Check(raw.sqlite3_bind_int64(statement, position, value));

        private RowBinder Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return this;
        }
    }

    private static ReadOnlySpan<byte> Utf8(string text)
    {
        var size = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (utf8Buffer is null || utf8Buffer.Length < size)
        {
            utf8Buffer = new byte[Math.Max(size, 4096)];
        }

        return utf8Buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8Buffer));
    }

    private static void Reset(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }
}
