using Npgsql;

namespace OrderCancellation.Bench;

/// <summary>
/// PostgreSQL's own counters for the app's database (<c>pg_stat_database</c>: commits, rows returned, fetched and
/// written) and per table (<c>pg_stat_user_tables</c>: sequential and index scans, rows written): their difference over
/// a period, divided by the operations of that period, says what one operation cost the server. The server publishes
/// a backend's counters at the end of a transaction at most once a second, and an idle backend's pending counters within
/// 10 s, so the second snapshot is taken 11 s after the work has settled.
/// </summary>
internal sealed record DatabaseStats(Dictionary<string, long> Database, Dictionary<string, Dictionary<string, long>> Tables)
{
    private static readonly string[] DatabaseColumns = ["xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted"];
    private static readonly string[] TableColumns = ["seq_scan", "seq_tup_read", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_del"];

    /// <summary>On PostgreSQL, waits 11 s so that the counters of the work done so far are all published.</summary>
    public static Task SettleAsync(BenchApp app) => app.Provider == "postgres" ? Task.Delay(TimeSpan.FromSeconds(11)) : Task.CompletedTask;

    public static async Task<DatabaseStats?> ReadAsync(BenchApp app)
    {
        if (app.Provider != "postgres")
        {
            return null;
        }

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        var database = new Dictionary<string, long>();
        await using (var command = new NpgsqlCommand($"SELECT {string.Join(", ", DatabaseColumns)} FROM pg_stat_database WHERE datname = current_database()", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            for (var i = 0; i < DatabaseColumns.Length; i++)
            {
                database[DatabaseColumns[i]] = reader.GetInt64(i);
            }
        }

        var tables = new Dictionary<string, Dictionary<string, long>>();
        await using (var command = new NpgsqlCommand($"SELECT schemaname || '.' || relname, {string.Join(", ", TableColumns.Select(c => $"coalesce({c}, 0)"))} FROM pg_stat_user_tables", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables[reader.GetString(0)] = TableColumns.Select((c, i) => (c, reader.GetInt64(i + 1))).ToDictionary(x => x.c, x => x.Item2);
            }
        }

        return new DatabaseStats(database, tables);
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, per operation (<paramref name="operations"/>):
    /// the database's counters, and the tables that did anything, busiest first.</summary>
    public object Per(DatabaseStats? before, long operations)
    {
        double Per(long value) => Math.Round((double)value / Math.Max(operations, 1), 2);
        var tables = Tables
            .Select(t => (Name: t.Key, Delta: t.Value.ToDictionary(c => c.Key, c => c.Value - (before?.Tables.GetValueOrDefault(t.Key)?.GetValueOrDefault(c.Key) ?? 0))))
            .Where(t => t.Delta.Values.Any(v => v != 0))
            .OrderByDescending(t => t.Delta["n_tup_ins"] + t.Delta["n_tup_upd"] + t.Delta["n_tup_del"] + t.Delta["seq_scan"] + t.Delta["idx_scan"])
            .ToDictionary(t => t.Name, t => t.Delta.Where(c => c.Value != 0).ToDictionary(c => c.Key, c => Per(c.Value)));
        return new
        {
            database = Database.ToDictionary(c => c.Key, c => Per(c.Value - (before?.Database.GetValueOrDefault(c.Key) ?? 0))),
            tables,
        };
    }
}
