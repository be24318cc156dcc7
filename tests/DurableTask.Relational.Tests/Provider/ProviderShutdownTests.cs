using DurableTask.Core;
using DurableTask.Core.History;
using static DurableTask.Relational.Tests.Provider.ProviderSteps;

namespace DurableTask.Relational.Tests.Provider;

/// <summary>
/// A worker that stops hands back what it holds at once, on each database: every worker here leases for 10 minutes,
/// and another worker must take the work within <see cref="ProviderSteps.Generous"/> (a minute), so only the stop's
/// release can make these pass. What the stopped worker still completes afterwards is dropped by its fence.
/// </summary>
public abstract class ProviderShutdownTests<TStore>(TStore store) : IClassFixture<TStore>
    where TStore : ProviderStore
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_stopped_worker_hands_its_orchestrations_back_at_once()
    {
        await using var stopping = await StartAsync("stopping");
        await using var next = await StartAsync("next");
        var ids = Enumerable.Range(0, 3).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            await stopping.CreateTaskOrchestrationAsync(Start(id));
        }

        // One work item in hand; the claim batch leased the other two, waiting in memory.
        await LockAsync(stopping, ids[0]);
        var early = await next.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.True(early is null || !ids.Contains(early.InstanceId), "another worker got an instance the running worker holds");

        await stopping.StopAsync(isForced: false);

        var taken = new List<string>();
        foreach (var id in ids)
        {
            taken.Add((await LockAsync(next, id)).InstanceId);
        }

        Assert.Equal(ids, taken);
    }

    [Fact]
    public async Task A_stopped_worker_claims_nothing_more()
    {
        await using var stopping = await StartAsync("stopping-claims");
        await stopping.StopAsync(isForced: true);
        var id = NewId();
        await stopping.CreateTaskOrchestrationAsync(Start(id));

        Assert.Null(await stopping.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));

        await using var next = await StartAsync("next-claims");
        Assert.Equal(id, (await LockAsync(next, id)).InstanceId);
    }

    [Fact]
    public async Task A_disposed_worker_hands_back_what_it_holds_and_a_later_stop_does_not_throw()
    {
        var disposed = await StartAsync("disposed");
        await using var next = await StartAsync("next-disposed");
        var id = NewId();
        await disposed.CreateTaskOrchestrationAsync(Start(id));
        await LockAsync(disposed, id);

        // A host may stop its worker after its container disposed the service (WebApplicationFactory's order).
        await disposed.DisposeAsync();
        await disposed.StopAsync(isForced: false);

        Assert.Equal(id, (await LockAsync(next, id)).InstanceId);
    }

    [Fact]
    public async Task A_stopped_worker_hands_its_activities_back_at_once()
    {
        await using var stopping = await StartAsync("stopping-activity");
        await using var next = await StartAsync("next-activity");
        var id = NewId();
        await stopping.CreateTaskOrchestrationAsync(Start(id));
        await ScheduleActivityAsync(stopping, await LockAsync(stopping, id));
        var held = await LockActivityAsync(stopping);

        await stopping.StopAsync(isForced: false);

        var taken = await LockActivityAsync(next);
        Assert.Equal(held.TaskMessage.Event.EventId, taken.TaskMessage.Event.EventId);
        Assert.Equal(id, taken.TaskMessage.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task An_orchestration_step_completed_by_a_stopped_worker_is_dropped()
    {
        await using var stopping = await StartAsync("stale-step");
        await using var next = await StartAsync("new-step");
        var id = NewId();
        await stopping.CreateTaskOrchestrationAsync(Start(id));
        var stale = await LockAsync(stopping, id);

        await stopping.StopAsync(isForced: false);
        await CompleteAsync(stopping, stale, "the stopped worker's result");
        await CompleteAsync(next, await LockAsync(next, id), "the new holder's result");

        var state = await next.GetOrchestrationStateAsync(id, executionId: null);
        Assert.Equal("the new holder's result", state!.Output);
    }

    [Fact]
    public async Task An_activity_completed_by_a_stopped_worker_is_dropped()
    {
        await using var stopping = await StartAsync("stale-activity");
        await using var next = await StartAsync("new-activity");
        var id = NewId();
        await stopping.CreateTaskOrchestrationAsync(Start(id));
        var started = await LockAsync(stopping, id);
        await ScheduleActivityAsync(stopping, started);
        var stale = await LockActivityAsync(stopping);

        await stopping.StopAsync(isForced: false);
        await stopping.CompleteTaskActivityWorkItemAsync(stale, Result(started, "stale"));
        var taken = await LockActivityAsync(next);
        await next.CompleteTaskActivityWorkItemAsync(taken, Result(started, "new"));

        var step = await LockAsync(next, id);
        Assert.Equal("new", ((TaskCompletedEvent)Assert.Single(step.NewMessages).Event).Result);
    }

    private async Task<RelationalOrchestrationService> StartAsync(string worker)
    {
        var service = store.Create($"{worker}-{Guid.NewGuid():N}", LongLease);
        await service.CreateIfNotExistsAsync();
        return service;
    }

    private static string NewId() => $"shutdown-{Guid.NewGuid():N}";
}

public sealed class SqliteProviderShutdownTests(SqliteProviderStore store) : ProviderShutdownTests<SqliteProviderStore>(store);

public sealed class PostgresProviderShutdownTests(PostgresProviderStore store) : ProviderShutdownTests<PostgresProviderStore>(store);
