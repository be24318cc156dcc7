using DurableTask.Relational.WorkerHost;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// Two worker processes on one PostgreSQL database run 5,000 orchestrations with timers and activities: each
/// completes exactly once, each activity runs exactly once (no lease lapses here: it is long), and both workers
/// take part. The deadline is the longest of the fault tests: on a two-core machine shared with other builds the
/// 25,000 episodes and 15,000 activities take minutes (about 90 episodes/s were seen at a load average of 26).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class TwoWorkersTests(FaultsPostgres postgres, ITestOutputHelper output)
{
    private const int Instances = 5_000;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_workers_on_one_database_complete_every_orchestration_exactly_once_and_both_take_part()
    {
        await using var store = await PostgresFaultStore.CreateAsync(postgres.Server);
        await using var client = await FaultClient.StartAsync(store);
        var expected = Enumerable.Range(0, Instances).ToDictionary(i => $"pair-{i:D5}", i => new FaultInput(i));
        await using var first = WorkerProcess.Start(store, "pair-1", LockTimeout);
        await using var second = WorkerProcess.Start(store, "pair-2", LockTimeout);
        var started = DateTime.UtcNow;
        await client.ScheduleAsync(expected);

        await client.AllCompletedAsync(Instances, TimeSpan.FromMinutes(10), () => $"pair-1:\n{first.Tail(10)}\npair-2:\n{second.Tail(10)}");
        output.WriteLine($"{Instances} orchestrations scheduled and completed in {DateTime.UtcNow - started:mm\\:ss}");
        await first.TerminateAsync();
        await second.TerminateAsync();

        var report = await FaultAudit.VerifyAsync(client, expected, activitiesExactlyOnce: true);
        output.WriteLine(report.ToString());
        Assert.True(report.ByWorker.ContainsKey("pair-1") && report.ByWorker.ContainsKey("pair-2"), $"both workers should have run activities: {report}");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"exit codes on SIGTERM: {first.ExitCode}, {second.ExitCode}");
    }
}
