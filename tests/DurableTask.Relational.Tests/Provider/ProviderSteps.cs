using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableTask.Relational.Tests.Provider;

/// <summary>The provider tests play DTFx's dispatchers: lock, complete and build messages as a worker would.</summary>
internal static class ProviderSteps
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static async Task<TaskOrchestrationWorkItem> LockAsync(RelationalOrchestrationService service, string instanceId)
    {
        using var deadline = new CancellationTokenSource(Generous);
        while (true)
        {
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), deadline.Token);
            deadline.Token.ThrowIfCancellationRequested();
            if (item?.InstanceId == instanceId)
            {
                return item;
            }

            if (item is not null)
            {
                await service.AbandonTaskOrchestrationWorkItemAsync(item); // another test's instance
            }
        }
    }

    public static async Task<TaskActivityWorkItem> LockActivityAsync(RelationalOrchestrationService service)
    {
        using var deadline = new CancellationTokenSource(Generous);
        while (true)
        {
            if (await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(5), deadline.Token) is { } item)
            {
                return item;
            }

            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    public static Task CompleteAsync(RelationalOrchestrationService service, TaskOrchestrationWorkItem item, string output)
    {
        var state = item.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        state.AddEvent(item.NewMessages[0].Event);
        state.AddEvent(new ExecutionCompletedEvent(0, output, OrchestrationStatus.Completed));
        return service.CompleteTaskOrchestrationWorkItemAsync(item, state, [], [], [], null, State(item, OrchestrationStatus.Completed, output));
    }

    public static OrchestrationState State(TaskOrchestrationWorkItem item, OrchestrationStatus status, string? output) => new()
    {
        OrchestrationInstance = Instance(item),
        Name = "test",
        Version = "",
        OrchestrationStatus = status,
        Output = output,
        CreatedTime = DateTime.UtcNow,
        LastUpdatedTime = DateTime.UtcNow,
    };

    public static OrchestrationInstance Instance(TaskOrchestrationWorkItem item) => item.NewMessages[0].OrchestrationInstance;

    public static TaskMessage Result(TaskOrchestrationWorkItem orchestration, string result) =>
        new() { OrchestrationInstance = Instance(orchestration), Event = new TaskCompletedEvent(-1, 0, result) };

    public static TaskMessage Start(string id)
    {
        var instance = new OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, "null") { Name = "test", Version = "", OrchestrationInstance = instance },
        };
    }

    /// <summary>Completes the start of <paramref name="started"/> by scheduling one activity (event id 0).</summary>
    public static Task ScheduleActivityAsync(RelationalOrchestrationService service, TaskOrchestrationWorkItem started)
    {
        var scheduled = new TaskScheduledEvent(0) { Name = "act", Version = "" };
        started.OrchestrationRuntimeState.AddEvent(new OrchestratorStartedEvent(-1));
        started.OrchestrationRuntimeState.AddEvent(started.NewMessages[0].Event);
        started.OrchestrationRuntimeState.AddEvent(scheduled);
        return service.CompleteTaskOrchestrationWorkItemAsync(started, started.OrchestrationRuntimeState,
            [new TaskMessage { OrchestrationInstance = Instance(started), Event = scheduled }], [], [], null,
            State(started, OrchestrationStatus.Running, null));
    }
}
