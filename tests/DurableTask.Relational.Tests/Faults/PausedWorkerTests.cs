using DurableTask.Relational.WorkerHost;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// SIGSTOP past the lease: worker A (2 s leases) holds some instances inside an orchestration episode and others
/// inside an activity (a gate the test controls); once A is seen holding them it is paused, worker B takes the work
/// over when the leases lapse and finishes it; then the gate opens and A resumes, and A's late completions are
/// refused (A logs 9002 for the episodes, 9003 for the activities). Activities may run twice (at least once);
/// orchestration steps are applied once.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PausedWorkerTests(FaultsPostgres postgres, ITestOutputHelper output) : IDisposable
{
    private const int HeldInEpisodes = 4;
    private const int HeldInActivities = 4;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    private readonly string _gate = Path.Combine(Path.GetTempPath(), $"dt-fault-gate-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_paused_worker_loses_its_work_to_another_and_its_late_completions_are_refused()
    {
        await using var store = await PostgresFaultStore.CreateAsync(postgres.Server);
        await using var client = await FaultClient.StartAsync(store);
        var inEpisodes = Enumerable.Range(0, HeldInEpisodes).ToDictionary(i => $"paused-o-{i}", i => new FaultInput(i, HoldIn.Orchestration));
        var inActivities = Enumerable.Range(0, HeldInActivities).ToDictionary(i => $"paused-a-{i}", i => new FaultInput(100 + i, HoldIn.Activity));
        var expected = inEpisodes.Concat(inActivities).ToDictionary();
        await client.ScheduleAsync(expected);

        await using var a = WorkerProcess.Start(store, "paused-a", LockTimeout, _gate);
        await Observe.UntilAsync(
            () => expected.Keys.All(id => a.Lines.Any(l => l.StartsWith("HOLD ", StringComparison.Ordinal) && l.Contains($" {id}", StringComparison.Ordinal))),
            Observe.Generous,
            () => $"A did not reach every gate; its last lines:\n{a.Tail()}");
        await a.PauseAsync();
        var leasedToA = await store.CountAsync($"SELECT COUNT(*) FROM {store.Instances} WHERE lock_owner = 'paused-a'")
            + await store.CountAsync($"SELECT COUNT(*) FROM {store.Activities} WHERE lock_owner = 'paused-a'");
        Assert.True(leasedToA > 0, "A was paused holding no lease");

        await using var b = WorkerProcess.Start(store, "paused-b", LockTimeout);
        await client.AllCompletedAsync(expected.Count, Observe.Generous, () => $"B:\n{b.Tail()}");

        await File.WriteAllTextAsync(_gate, "open");
        await a.ResumeAsync();
        await Observe.UntilAsync(
            () => inEpisodes.Keys.All(id => a.Lines.Any(l => l.Contains("[9002]", StringComparison.Ordinal) && l.Contains($" {id}:", StringComparison.Ordinal)))
                && inActivities.Keys.All(id => a.Lines.Any(l => l.Contains("[9003]", StringComparison.Ordinal) && l.Contains($" {id}:", StringComparison.Ordinal))),
            Observe.Generous,
            () => $"A's late completions were not all refused; its last lines:\n{a.Tail()}");

        await b.TerminateAsync();
        await a.TerminateAsync();
        output.WriteLine($"A: {string.Join('\n', a.Lines.Where(l => !WorkerProcess.IsActivity(l)))}");
        var report = await FaultAudit.VerifyAsync(client, expected, activitiesExactlyOnce: false);
        output.WriteLine(report.ToString());
        Assert.All(inActivities.Keys, id => Assert.Contains("paused-b", report.ReRuns[(id, 2)]));
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, $"exit codes on SIGTERM: A {a.ExitCode}, B {b.ExitCode}");
    }

    public void Dispose() => File.Delete(_gate);
}
