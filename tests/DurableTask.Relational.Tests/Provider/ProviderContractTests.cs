using DurableTask.Core;
using DurableTask.Core.History;
using static DurableTask.Relational.Tests.Provider.ProviderSteps;

namespace DurableTask.Relational.Tests.Provider;

/// <summary>
/// The provider's own guarantees, at DTFx's level (no worker runs here: the tests play the dispatchers), on
/// each database: one lease holder per instance, fencing of stale completions, timers never visible early,
/// messages in order, and a schema that migrates idempotently.
/// </summary>
public abstract class ProviderContractTests<TStore>(TStore store) : IClassFixture<TStore>
    where TStore : ProviderStore
{
    [Fact]
    public async Task Two_workers_never_hold_the_same_instance_at_once()
    {
        await using var a = await StartAsync("worker-a");
        await using var b = await StartAsync("worker-b");
        var id = NewId();
        await a.CreateTaskOrchestrationAsync(Start(id));

        var first = await LockAsync(a, id);
        var second = await b.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.NotNull(first);
        Assert.True(second is null || second.InstanceId != id, "a second worker got an instance whose lease is live");
    }

    [Fact]
    public async Task A_completion_from_a_worker_whose_lease_expired_is_dropped()
    {
        await using var slow = await StartAsync("slow", TimeSpan.FromSeconds(1));
        await using var fast = await StartAsync("fast");
        var id = NewId();
        await slow.CreateTaskOrchestrationAsync(Start(id));
        var stale = await LockAsync(slow, id);

        var taken = await LockAsync(fast, id); // found once the slow worker's lease has expired
        await CompleteAsync(fast, taken, "the new holder's result");
        await CompleteAsync(slow, stale, "the stale holder's result");

        var state = await fast.GetOrchestrationStateAsync(id, executionId: null);
        Assert.Equal("the new holder's result", state!.Output);
    }

    [Fact]
    public async Task A_timer_message_is_never_visible_before_its_due_time()
    {
        await using var worker = await StartAsync("timers");
        var id = NewId();
        await worker.CreateTaskOrchestrationAsync(Start(id));
        var started = await LockAsync(worker, id);
        var fireAt = DateTime.UtcNow.AddSeconds(1.5);
        started.OrchestrationRuntimeState.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in started.NewMessages)
        {
            started.OrchestrationRuntimeState.AddEvent(message.Event);
        }

        await worker.CompleteTaskOrchestrationWorkItemAsync(started, started.OrchestrationRuntimeState, [], [],
            [new TaskMessage { OrchestrationInstance = Instance(started), Event = new TimerFiredEvent(-1) { TimerId = 0, FireAt = fireAt } }],
            null, State(started, OrchestrationStatus.Running, null));

        var fired = await LockAsync(worker, id);

        Assert.True(DateTime.UtcNow >= fireAt, $"claimed at {DateTime.UtcNow:O}, due at {fireAt:O}");
        Assert.IsType<TimerFiredEvent>(Assert.Single(fired.NewMessages).Event);
    }

    [Fact]
    public async Task Events_reach_the_orchestration_in_the_order_they_were_sent()
    {
        await using var worker = await StartAsync("order");
        var id = NewId();
        await worker.CreateTaskOrchestrationAsync(Start(id));
        for (var i = 0; i < 20; i++)
        {
            await worker.SendTaskOrchestrationMessageAsync(new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = id },
                Event = new EventRaisedEvent(-1, $"\"{i}\"") { Name = "e" },
            });
        }

        var item = await LockAsync(worker, id);

        Assert.IsType<ExecutionStartedEvent>(item.NewMessages[0].Event);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"\"{i}\""), item.NewMessages.Skip(1).Select(m => ((EventRaisedEvent)m.Event).Input));
    }

    [Fact]
    public async Task An_activity_completion_after_its_lease_was_taken_over_is_dropped()
    {
        await using var slow = await StartAsync("slow-activity", TimeSpan.FromSeconds(1));
        await using var fast = await StartAsync("fast-activity");
        var id = NewId();
        await fast.CreateTaskOrchestrationAsync(Start(id));
        var started = await LockAsync(fast, id);
        var scheduled = new TaskScheduledEvent(0) { Name = "act", Version = "" };
        started.OrchestrationRuntimeState.AddEvent(new OrchestratorStartedEvent(-1));
        started.OrchestrationRuntimeState.AddEvent(started.NewMessages[0].Event);
        started.OrchestrationRuntimeState.AddEvent(scheduled);
        await fast.CompleteTaskOrchestrationWorkItemAsync(started, started.OrchestrationRuntimeState,
            [new TaskMessage { OrchestrationInstance = Instance(started), Event = scheduled }], [], [], null,
            State(started, OrchestrationStatus.Running, null));

        var staleItem = await LockActivityAsync(slow);
        var takenOver = await LockActivityAsync(fast);
        await fast.CompleteTaskActivityWorkItemAsync(takenOver, Result(started, "new"));
        await slow.CompleteTaskActivityWorkItemAsync(staleItem, Result(started, "stale"));

        var next = await LockAsync(fast, id);
        Assert.Equal("new", ((TaskCompletedEvent)Assert.Single(next.NewMessages).Event).Result);
    }

    [Fact]
    public async Task Migrating_an_existing_task_hub_again_changes_nothing()
    {
        await using var first = await StartAsync("migrate-1");
        var id = NewId();
        await first.CreateTaskOrchestrationAsync(Start(id));

        await using var second = await StartAsync("migrate-2");

        Assert.Equal(OrchestrationStatus.Pending, (await second.GetOrchestrationStateAsync(id, executionId: null))!.OrchestrationStatus);
    }

    private async Task<RelationalOrchestrationService> StartAsync(string worker, TimeSpan? lockTimeout = null)
    {
        var service = store.Create($"{worker}-{Guid.NewGuid():N}", lockTimeout);
        await service.CreateIfNotExistsAsync();
        return service;
    }

    private static string NewId() => $"contract-{Guid.NewGuid():N}";
}

public sealed class SqliteProviderContractTests(SqliteProviderStore store) : ProviderContractTests<SqliteProviderStore>(store);

public sealed class PostgresProviderContractTests(PostgresProviderStore store) : ProviderContractTests<PostgresProviderStore>(store);
