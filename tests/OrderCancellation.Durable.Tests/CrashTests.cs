using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrderCancellation.Durable.Tests.Support;
using OrderCancellation.TestSupport;
using Xunit.Abstractions;

namespace OrderCancellation.Durable.Tests;

/// <summary>
/// Kill -9: a child process (OrderCancellation.Durable.CrashHost) applies steps that schedule timers and
/// enqueue activities while its pollers fire and run them; it is killed with SIGKILL at random moments after
/// it has acknowledged new commands (a random number of them, so progress, not wall time, decides),
/// restarted from its last acknowledged command (re-sending unacknowledged ones with the same keys), and
/// finally drained. Then every acknowledged step is present exactly once, every timer fired exactly once,
/// and every activity's effect was applied exactly once.
/// </summary>
public abstract class CrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 4;

    protected abstract string Provider { get; }

    protected abstract Task<string> CreateStoreAsync();

    protected abstract Task<List<object?[]>> QueryAsync(string connectionString, string sql);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Nothing_acknowledged_is_lost_and_nothing_is_applied_twice_across_kills()
    {
        var store = await CreateStoreAsync();
        var acked = new HashSet<int>();
        var random = new Random();
        var next = 0;
        for (var run = 0; run < Kills; run++)
        {
            var lines = new ConcurrentQueue<string>();
            using var child = Start(store, "run", next.ToString(CultureInfo.InvariantCulture), lines);
            await WaitForLine(child, lines, l => l == "READY", TimeSpan.FromSeconds(30));

            // Kill only once this run has made progress (a random number of new commands acknowledged, however
            // long a loaded machine takes to get there), then at a random moment shortly after, so the kill lands
            // anywhere in a step, a timer firing or an activity; never after a fixed delay from READY.
            var target = random.Next(1, 301);
            var jitter = random.Next(0, 300);
            await WaitForLines(child, lines, l => l.StartsWith("ACK ", StringComparison.Ordinal) && Ack(l) >= next, target, TimeSpan.FromSeconds(120));
            await Task.Delay(jitter);
            child.Kill(); // SIGKILL on Unix
            await child.WaitForExitAsync();
            var runAcks = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(Ack).ToList();
            output.WriteLine($"run {run}: from {next}, killed {jitter} ms after acknowledgement {target}, {runAcks.Count} acknowledged");
            Assert.NotEmpty(runAcks);
            acked.UnionWith(runAcks);
            next = acked.Max() + 1;
        }

        var drainLines = new ConcurrentQueue<string>();
        using (var drain = Start(store, "drain", "0", drainLines))
        {
            await WaitForLine(drain, drainLines, l => l == "DRAINED", TimeSpan.FromSeconds(60));
            await drain.WaitForExitAsync();
        }

        // Steps: every acknowledged command is present, none twice (re-sent ones were replayed).
        var steps = await CountBy(store, "SELECT data, COUNT(*) FROM durable_history WHERE event_type = 'Incremented' GROUP BY data");
        Assert.All(acked, a => Assert.True(steps.ContainsKey(a.ToString(CultureInfo.InvariantCulture)), $"acknowledged command {a} is missing"));
        Assert.All(steps, s => Assert.Equal(1L, s.Value));

        // Timers: each committed command's timer fired exactly once; none is left.
        var timers = await CountBy(store, "SELECT data, COUNT(*) FROM durable_history WHERE event_type = 'TimerFired' GROUP BY data");
        Assert.Equal(steps.Keys.Select(k => $"t-{k}").Order(), timers.Keys.Order());
        Assert.All(timers, t => Assert.Equal(1L, t.Value));

        // Activities: one per step and one per fired timer, each applied exactly once downstream; none pending or dead.
        var effects = await CountBy(store, "SELECT payload, COUNT(*) FROM crash_effects GROUP BY payload");
        Assert.Equal(steps.Keys.Select(k => $"s-{k}").Concat(timers.Keys).Order(), effects.Keys.Order());
        Assert.All(effects, e => Assert.Equal(1L, e.Value));
        Assert.Empty(await QueryAsync(store, "SELECT activity_id FROM durable_activities"));

        // No lost update: each instance's counters match its history.
        foreach (var row in await QueryAsync(store, "SELECT instance_id, state FROM durable_instances"))
        {
            var id = (string)row[0]!;
            var (count, fired) = CrashHost.CrashWorkflow.Parse((string)row[1]!);
            Assert.Equal(steps.Keys.Count(k => CrashHost.CrashWorkflow.InstanceOf(int.Parse(k, CultureInfo.InvariantCulture)) == id), count);
            Assert.Equal(timers.Keys.Count(k => CrashHost.CrashWorkflow.InstanceOf(int.Parse(k[2..], CultureInfo.InvariantCulture)) == id), fired);
        }

        var attempts = (long)(await QueryAsync(store, "SELECT COUNT(*) FROM crash_attempts"))[0][0]!;
        output.WriteLine($"{acked.Count} acknowledged, {steps.Count} committed, {timers.Count} timers, {effects.Count} effects, {attempts - effects.Count} re-executions after kills");
    }

    private async Task<Dictionary<string, long>> CountBy(string store, string sql) =>
        (await QueryAsync(store, sql)).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));

    private static int Ack(string line) => int.Parse(line[4..], CultureInfo.InvariantCulture);

    private Process Start(string store, string mode, string from, ConcurrentQueue<string> lines)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OrderCancellation.Durable.CrashHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", dll, Provider, store, mode, from })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Enqueue($"stderr: {line}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitForLine(Process child, ConcurrentQueue<string> lines, Func<string, bool> match, TimeSpan timeout) =>
        WaitForLines(child, lines, match, 1, timeout);

    private async Task WaitForLines(Process child, ConcurrentQueue<string> lines, Func<string, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (lines.Count(match) < count)
        {
            if (child.HasExited || DateTime.UtcNow > deadline)
            {
                var exited = child.HasExited;
                if (!exited)
                {
                    child.Kill();
                }

                await child.WaitForExitAsync(); // lets the redirected output drain, so a dying child's last words are printed
                output.WriteLine($"exit code {child.ExitCode}");
                foreach (var line in lines.Where(l => !l.StartsWith("ACK ", StringComparison.Ordinal)).Take(50))
                {
                    output.WriteLine(line);
                }

                Assert.Fail($"the child did not get there ({lines.Count(match)} of {count} matching lines; {(exited ? $"it exited with code {child.ExitCode}" : $"timed out after {timeout}")})");
            }

            await Task.Delay(20);
        }
    }
}

public sealed class SqliteCrashTests(ITestOutputHelper output) : CrashTests(output)
{
    private readonly SqliteTempFile _file = new();

    protected override string Provider => "sqlite";

    protected override Task<string> CreateStoreAsync() => Task.FromResult(_file.ConnectionString);

    protected override async Task<List<object?[]>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await ReadAll(command);
    }

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    internal static async Task<List<object?[]>> ReadAll(System.Data.Common.DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCrashTests(PostgresFixture postgres, ITestOutputHelper output) : CrashTests(output)
{
    protected override string Provider => "postgres";

    protected override Task<string> CreateStoreAsync() => postgres.Server.CreateDatabaseAsync("crash");

    protected override async Task<List<object?[]>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await SqliteCrashTests.ReadAll(command);
    }
}
