using Npgsql;

namespace OrderCancellation.Bench;

/// <summary>
/// The PostgreSQL server's WAL insert position, in bytes since the start of its log: the difference over a feed is
/// every byte the server logged for it (rows, index entries, full-page images, commits). Unlike CPU time it does not
/// move with the machine's other load, so it shows whether a change wrote less.
/// </summary>
internal static class ServerWal
{
    public static async Task<long> PositionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
