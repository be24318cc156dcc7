using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderCancellation.Bench.Scenarios;

/// <summary>
/// <c>POST /api/orders/{id}/cancel</c> (a buyer's self-cancel within its window, each on its own placed and paid order)
/// against the real app on Kestrel, at 1, 16 and 64 concurrent clients. A cancel raises the command on the order's
/// orchestration and answers when the orchestration has recorded the outcome; the effects (projection, notices,
/// payment release, restock) run after the answer as activities. Each level starts with the engine idle (the
/// placements' effects done) and its line says how long the cancels' own effects took to finish after the last answer.
/// </summary>
internal sealed class CancelLatency : IScenario
{
    private static readonly int[] Levels = [1, 16, 64];

    public string Name => "cancel-latency";

    public string Description => "HTTP cancels at 1, 16, 64 clients: throughput, p50/p99 (app in process on Kestrel, 127.0.0.1)";

    public async Task RunAsync(BenchRun run)
    {
        var backend = run.Backend.Name;
        var store = await run.Backend.NewStoreAsync("cancel-latency");
        await using var app = await BenchApp.StartAsync(backend, store, sqliteEngineFile: EngineFile(run, store));
        using var marketplace = app.Client("marketplace", "M1");
        using var buyer = app.Client("buyer", "B1");
        var runId = Guid.NewGuid().ToString("N")[..6];

        Report.Progress($"warm-up: {run.Options.WarmupCancels} orders placed and canceled at 16 clients");
        var warm = Ids(runId, "warm", run.Options.WarmupCancels);
        await BenchApp.PlaceAsync(marketplace, warm, "S1");
        await CancelAllAsync(buyer, warm, 16);
        await app.WaitUntilIdleAsync(TimeSpan.FromMinutes(5));

        // What the app costs doing nothing (its dispatchers and the feed consumer waiting for work), on this machine now,
        // 11 s after the warm-up's work: the JIT's background recompilation of the hot methods has finished by then, and
        // PostgreSQL has published the warm-up's counters.
        await Task.Delay(TimeSpan.FromSeconds(11));
        var idleStats = await DatabaseStats.ReadAsync(app);
        var idle = new MeasuredPeriod();
        Report.Progress($"idle for {run.Options.Idle.TotalSeconds} s (process {Environment.ProcessId})");
        await Task.Delay(run.Options.Idle);
        idle.Stop();
        await DatabaseStats.SettleAsync(app);
        var idleServer = idle.ServerCpuTime();
        Report.Line("app-idle", backend, run.Ceiling, idle, new
        {
            seconds = Math.Round(idle.Elapsed.TotalSeconds, 1),
            processCpuPct = idle.ProcessCpuPercent(),
            serverCpuPct = idleServer is { } sc ? Math.Round(100 * sc.TotalSeconds / idle.Elapsed.TotalSeconds) : (double?)null,
            serverPerSecond = (await DatabaseStats.ReadAsync(app))?.Per(idleStats, (long)Math.Round(idle.Elapsed.TotalSeconds)),
            what = "the app idle after the warm-up (engine queues empty): its CPU and, on PostgreSQL, the server's, % of one core; serverPerSecond = the database's counters per second",
        });

        foreach (var clients in Levels)
        {
            var count = clients == 1 ? Math.Min(run.Options.Cancels, 1000) : run.Options.Cancels;
            var ids = Ids(runId, $"c{clients}", count);
            Report.Progress($"c{clients}: placing {count} orders");
            var placedPerSecond = await BenchApp.PlaceAsync(marketplace, ids, "S1");
            var idleBefore = await app.WaitUntilIdleAsync(TimeSpan.FromMinutes(5));

            Report.Progress($"c{clients}: {count} cancels");
            await DatabaseStats.SettleAsync(app);
            var stats = await DatabaseStats.ReadAsync(app);
            app.StoreWrites?.TakeSummary();
            var period = new MeasuredPeriod();
            var (latencies, statuses) = await CancelAllAsync(buyer, ids, clients);
            period.Stop();
            var storeWrites = app.StoreWrites?.TakeSummary();
            var seconds = period.Elapsed.TotalSeconds;
            var effectsDone = await app.WaitUntilIdleAsync(TimeSpan.FromMinutes(5));
            await DatabaseStats.SettleAsync(app);

            var serverPerCancel = (await DatabaseStats.ReadAsync(app))?.Per(stats, latencies.Count);
            var perSecond = Math.Round(latencies.Count / seconds);
            var p99 = Report.Quantile(latencies, 0.99);
            var target = Target(backend, clients);
            var serverCpu = period.ServerCpuTime();
            Report.Line(Name, backend, run.Ceiling, period, new
            {
                server = $"kestrel {app.BaseAddress.Authority} (in process)",
                experiment = app.EngineConnectionString != app.ConnectionString ? "provider on its own SQLite file (--sqlite-engine-file separate), not as the app runs" : null,
                clients,
                cancels = latencies.Count,
                statuses,
                errors = latencies.Count - statuses.GetValueOrDefault("200"),
                seconds = Math.Round(seconds, 2),
                cancelsPerSecond = perSecond,
                p50Ms = Report.Quantile(latencies, 0.50),
                p90Ms = Report.Quantile(latencies, 0.90),
                p99Ms = p99,
                maxMs = Report.Quantile(latencies, 1.0),
                target = target is { } t ? new { cancelsPerSecond = t.PerSecond, p99Ms = t.P99Ms, met = perSecond >= t.PerSecond && p99 < t.P99Ms } : null,
                processCpuUsPerCancel = Math.Round(period.ProcessCpu().TotalMicroseconds / latencies.Count),
                serverCpuUsPerCancel = serverCpu is { } server ? Math.Round(server.TotalMicroseconds / latencies.Count) : (double?)null,
                effectsDoneSecondsAfterLastAnswer = effectsDone is { } e ? Math.Round(e.TotalSeconds, 2) : (double?)null,
                cancelsWithEffectsPerSecond = effectsDone is { } f ? Math.Round(latencies.Count / (seconds + f.TotalSeconds)) : (double?)null,
                idleBeforeSeconds = idleBefore is { } i ? Math.Round(i.TotalSeconds, 1) : (double?)null,
                placedOrdersPerSecond = placedPerSecond,
                perCancel = await EngineHistory.AfterLastEventRaisedAsync(app, ids[count / 2]),
                serverPerCancel,
                appStoreWritesDuringCancels = storeWrites,
                workingSetMb = Report.Mb(Environment.WorkingSet),
                gcHeapMb = Report.Mb(GC.GetTotalMemory(false)),
            });
        }
    }

    /// <summary><c>--sqlite-engine-file separate</c>: the provider's tables in engine.db beside the app's file (an experiment).</summary>
    internal static string? EngineFile(BenchRun run, string store) =>
        run.Options.SeparateSqliteEngineFile && run.Backend.Name == "sqlite"
            ? Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store).DataSource)!, "engine.db")
            : null;

    private static (int PerSecond, double P99Ms)? Target(string backend, int clients) => (backend, clients) switch
    {
        ("sqlite", 16) => (2000, 25),
        ("postgres", 16) => (700, 100),
        _ => null,
    };

    private static string[] Ids(string run, string level, int count) =>
        [.. Enumerable.Range(0, count).Select(n => $"BENCH-{run}-{level}-{n:D6}")];

    /// <summary>Each client takes the next order and cancels it; latency from send until the body is read.</summary>
    private static async Task<(List<double> Latencies, SortedDictionary<string, int> Statuses)> CancelAllAsync(HttpClient buyer, string[] orders, int clients)
    {
        var next = -1;
        var latencies = new List<double>[clients];
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            int n;
            while ((n = Interlocked.Increment(ref next)) < orders.Length)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await buyer.PostAsJsonAsync($"/api/orders/{orders[n]}/cancel", new { reason = "Ordered by mistake" });
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var code = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                lock (statuses)
                {
                    statuses[code] = statuses.GetValueOrDefault(code) + 1;
                }
            }
        })));
        var all = latencies.SelectMany(l => l).ToList();
        all.Sort();
        return (all, statuses);
    }
}

/// <summary>What the engine did for one command: read from the provider's history table of one instance.</summary>
internal static class EngineHistory
{
    /// <summary>
    /// The instance's history from its last raised event (the last command) on: orchestration episodes
    /// (<c>OrchestratorStarted</c>), activities scheduled by name, activity results, history rows.
    /// </summary>
    public static async Task<object?> AfterLastEventRaisedAsync(BenchApp app, string instanceId)
    {
        var table = app.Provider == "sqlite" ? "dt_history" : "dt.history";
        await using var connection = app.OpenEngineDatabase();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT event FROM {table} WHERE instance_id = @id ORDER BY seq";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = instanceId;
        command.Parameters.Add(id);
        var events = new List<(string Type, string? Name)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                using var json = JsonDocument.Parse(reader.GetString(0));
                var type = json.RootElement.TryGetProperty("$type", out var t) ? t.GetString()!.Split(',')[0].Split('.')[^1] : "?";
                var name = json.RootElement.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                events.Add((type, name));
            }
        }

        var from = events.FindLastIndex(e => e.Type == "EventRaisedEvent");
        if (from < 0)
        {
            return null;
        }

        var after = events[from..];
        return new
        {
            instanceId,
            historyRows = after.Count,
            episodes = after.Count(e => e.Type == "OrchestratorStartedEvent") + 1, // the episode that took the event started before it
            activities = after.Where(e => e.Type == "TaskScheduledEvent").GroupBy(e => e.Name ?? "?").ToDictionary(g => g.Key, g => g.Count()),
            activityResults = after.Count(e => e.Type is "TaskCompletedEvent" or "TaskFailedEvent"),
            completed = after.Any(e => e.Type == "ExecutionCompletedEvent"),
        };
    }
}
