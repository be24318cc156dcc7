using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable.Runtime;

/// <summary>The few places where the two providers' SQL differs.</summary>
internal static class Dialect
{
    /// <summary>PostgreSQL locks the row read; SQLite's writer already holds the database (BEGIN IMMEDIATE).</summary>
    public static string ForUpdate(StoreProvider provider) => provider == StoreProvider.Postgres ? " FOR UPDATE" : string.Empty;

    /// <summary>Claim rows nobody else holds; SQLite has one writer, so plain selection is already exclusive.</summary>
    public static string SkipLocked(StoreProvider provider) => provider == StoreProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;

    /// <summary>A membership test against a list parameter built by <see cref="ListParameter"/>.</summary>
    public static string InList(StoreProvider provider, string parameter) =>
        provider == StoreProvider.Postgres ? $"= ANY({parameter})" : $"IN (SELECT value FROM json_each({parameter}))";

    public static object ListParameter(StoreProvider provider, IReadOnlyList<string> values) =>
        provider == StoreProvider.Postgres ? values.ToArray() : JsonSerializer.Serialize(values);

    /// <summary>
    /// Errors worth retrying the whole transaction for: PostgreSQL serialization failure, deadlock (the
    /// detector picked us), lock timeout, and unique violation (two steps created the same instance at
    /// once: the retry finds it); SQLite busy/locked (another process held the file past the busy timeout).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteErrorCode is 5 or 6,
        DbException { IsTransient: true } => true,
        _ => false,
    };
}
