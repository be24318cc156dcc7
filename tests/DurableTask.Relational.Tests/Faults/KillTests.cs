using DurableTask.Relational.WorkerHost;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// Kill -9: 300 orchestrations (timer, then three chained activities) are scheduled; a worker process runs them and
/// is killed with SIGKILL once it has made progress (a random number of activity executions, then a random moment
/// shortly after, so the kill lands anywhere in an episode or an activity), three times; a last worker finishes.
/// Nothing is lost, no orchestration step is applied twice, and re-run activities are the same tasks.
/// </summary>
[Collection(FaultsCollection.Name)]
public abstract class KillTests(ITestOutputHelper output)
{
    private const int Instances = 300;
    private const int Kills = 3;

    /// <summary>Short, so a killed worker's leases come back soon; a restarted worker has a new id and waits them out.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    protected abstract Task<FaultStore> CreateStoreAsync();

    [Fact]
    public async Task A_worker_killed_mid_work_and_restarted_loses_nothing_and_applies_no_step_twice()
    {
        await using var store = await CreateStoreAsync();
        await using var client = await FaultClient.StartAsync(store);
        var expected = Enumerable.Range(0, Instances).ToDictionary(i => $"kill-{i:D4}", i => new FaultInput(i));
        await client.ScheduleAsync(expected);

        var random = new Random();
        for (var run = 0; run < Kills; run++)
        {
            // Between them the killed runs execute at most about half of the 900 activities: the last worker has work left.
            var target = random.Next(20, 150);
            var jitter = random.Next(0, 300);
            await using var worker = WorkerProcess.Start(store, $"kill-run-{run}", LockTimeout);
            await worker.WaitForLinesAsync(WorkerProcess.IsActivity, target, "activity executions");
            await Task.Delay(jitter); // where in its work the kill lands, once progress was seen
            await worker.KillAsync();
            output.WriteLine($"run {run}: killed {jitter} ms after activity execution {target} ({worker.Count(WorkerProcess.IsActivity)} printed), {await client.CountCompletedAsync()} instances completed so far");
        }

        await using (var last = WorkerProcess.Start(store, "kill-final", LockTimeout))
        {
            await client.AllCompletedAsync(Instances, Observe.Generous, () => last.Tail());
            await last.TerminateAsync();
            Assert.True(last.ExitCode == 0, $"the last worker exited with {last.ExitCode} on SIGTERM:\n{last.Tail()}");
        }

        var report = await FaultAudit.VerifyAsync(client, expected, activitiesExactlyOnce: false);
        output.WriteLine(report.ToString());
    }
}

public sealed class SqliteKillTests(ITestOutputHelper output) : KillTests(output)
{
    protected override Task<FaultStore> CreateStoreAsync() => Task.FromResult<FaultStore>(new SqliteFaultStore());
}

public sealed class PostgresKillTests(FaultsPostgres postgres, ITestOutputHelper output) : KillTests(output)
{
    protected override async Task<FaultStore> CreateStoreAsync() => await PostgresFaultStore.CreateAsync(postgres.Server);
}
