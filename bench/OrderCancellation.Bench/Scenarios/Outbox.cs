using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>The runtime's activity outbox as the bench sees it: read straight from the store the app writes.</summary>
internal static class Outbox
{
    /// <summary>Waits (two minutes at most) until no activity is pending; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitUntilEmptyAsync(string provider, string connectionString)
    {
        var watch = Stopwatch.StartNew();
        await using DbConnection connection = provider == "sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM durable_activities WHERE state = 'Pending'";
        while (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The outbox did not drain within two minutes.");
            }

            await Task.Delay(100);
        }

        return watch.Elapsed;
    }
}
