using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Engine;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Fuzz;

/// <summary>
/// What the store holds, cheaply: the row count of every app table, and of the Durable Task provider's tables with their
/// highest ids and the instances' history counts and last update. Two equal fingerprints mean nothing was written (rows
/// are only ever added or moved on by the engine). Also tells when the app is idle: no activity pending, no orchestration
/// locked or ready to run, no feed or queue message waiting or in progress, so a baseline taken then stays put.
/// </summary>
internal sealed class StoreWatch : IDisposable
{
    private readonly SqliteConnection _app;
    private readonly SqliteConnection _engine;
    private readonly string _appFingerprint;
    private readonly string _engineFingerprint;
    private readonly string _busy;

    public StoreWatch(ServiceHost host)
    {
        var store = host.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Store"]!;
        _app = Open(store);
        _engine = Open(WorkflowEngineSetup.EngineFile(store));
        var appTables = Tables(_app).Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)).ToArray();
        _appFingerprint = "SELECT " + string.Join(" || ',' || ", appTables.Select(t => $"(SELECT count(*) FROM \"{t}\")"));
        var engineTables = Tables(_engine);
        string T(string suffix) => engineTables.Single(t => t.EndsWith(suffix, StringComparison.Ordinal));
        _engineFingerprint = $"""
            SELECT (SELECT count(*) || ',' || coalesce(sum(history_count), 0) || ',' || coalesce(max(last_updated_at), 0) FROM "{T("instances")}")
                || ',' || (SELECT count(*) FROM "{T("history")}")
                || ',' || (SELECT count(*) || ',' || coalesce(max(id), 0) FROM "{T("messages")}")
                || ',' || (SELECT count(*) || ',' || coalesce(max(id), 0) FROM "{T("activities")}")
            """;
        _busy = $"""
            SELECT (SELECT count(*) FROM "{T("activities")}")
                + (SELECT count(*) FROM "{T("instances")}" WHERE (lock_owner IS NOT NULL AND lock_expires_at > @now) OR next_visible_at <= @now)
            """;
    }

    /// <summary>The app's tables only: what a command the engine refused must leave as it was.</summary>
    public string AppFingerprint() => Scalar(_app, _appFingerprint);

    /// <summary>The app's and the engine's tables: what a request refused at the edge must leave as it was.</summary>
    public string Fingerprint() => AppFingerprint() + " | " + Scalar(_engine, _engineFingerprint);

    /// <summary>
    /// Waits until the engine and the feed consumer have nothing left to do and the store has stopped changing (two
    /// fingerprints <paramref name="settle"/> apart are equal: a work item can follow its trigger by a few milliseconds);
    /// fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<string> IdleAsync(TimeSpan timeout, TimeSpan settle)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            if (!Busy())
            {
                var now = Fingerprint();
                if (now == last)
                {
                    return now;
                }

                last = now;
            }
            else
            {
                last = null;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The app did not become idle within {timeout}.");
            await Task.Delay(settle);
        }
    }

    private bool Busy()
    {
        using var busy = _engine.CreateCommand();
        busy.CommandText = _busy;
        busy.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.UtcTicks);
        return Convert.ToInt64(busy.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0
            || Scalar(_app, "SELECT (SELECT count(*) FROM feeds WHERE status IN ('IN_QUEUE', 'IN_PROGRESS')) + (SELECT count(*) FROM store_queue_messages)") != "0";
    }

    public void Dispose()
    {
        _app.Dispose();
        _engine.Dispose();
    }

    private static SqliteConnection Open(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    private static string[] Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
