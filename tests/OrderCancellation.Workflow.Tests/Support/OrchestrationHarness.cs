using System.Text.Json;
using Microsoft.DurableTask;
using Moq;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Workflow.Tests.Support;

/// <summary>One activity call the orchestration made.</summary>
internal sealed record ActivityCall(string Name, object Input, TaskOptions? Options);

/// <summary>One durable timer the orchestration created.</summary>
internal sealed record TimerCall(DateTime FireAt, CancellationToken Token, TaskCompletionSource Fired);

/// <summary>
/// Runs <see cref="OrderOrchestration"/> on a Moq <see cref="TaskOrchestrationContext"/>. The scenario is set up
/// front: queued commands are delivered first, in order; then the timers due up to <see cref="FireTimersUntil"/> fire,
/// earliest first, each once the orchestration waits on it (the clock moves to its due time); activities finish at
/// once unless told otherwise. The run stops where the orchestration waits for something that will not come (the
/// returned task is then still running) or ends. The orchestration runs on pool threads with no synchronization
/// context, so completing one of its tasks runs it on, inline, up to its next wait.
/// </summary>
internal sealed class OrchestrationHarness
{
    private readonly Queue<CommandEnvelope> commands = new();

    public OrchestrationHarness(DateTimeOffset now)
    {
        Now = now.UtcDateTime;
        Context.SetupGet(c => c.InstanceId).Returns(Orders.OrderId);
        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Context.SetupGet(c => c.IsReplaying).Returns(false);
        Context.Setup(c => c.WaitForExternalEvent<CommandEnvelope>(OrderOrchestration.CommandEvent, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                EventWaits++;
                return commands.Count > 0 ? Task.FromResult(commands.Dequeue()) : new TaskCompletionSource<CommandEnvelope>().Task;
            });
        Context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime fireAt, CancellationToken token) =>
            {
                var timer = new TimerCall(fireAt, token, new TaskCompletionSource());
                Timers.Add(timer);
                return timer.Fired.Task;
            });
        Context.Setup(c => c.CallActivityAsync<string>(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<TaskOptions>()))
            .Returns((TaskName name, object input, TaskOptions options) =>
            {
                Activities.Add(new ActivityCall(name.Name, input, options));
                return ActivityResult(name.Name);
            });
        Context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<TaskOptions>()))
            .Returns((TaskName name, object input, TaskOptions options) =>
            {
                Activities.Add(new ActivityCall(name.Name, input, options));
                return Task.FromResult(Subscribers);
            });
        Context.Setup(c => c.SetCustomStatus(It.IsAny<object>())).Callback((object? status) => Statuses.Add((JsonElement)status!));
        Context.Setup(c => c.ContinueAsNew(It.IsAny<object>(), It.IsAny<bool>()))
            .Callback((object? input, bool preserve) => ContinuedAsNew.Add(((OrderInput)input!, preserve)));
    }

    /// <summary>CallBase: anything not set up here runs the SDK's own code, which ends in the members that are.</summary>
    public Mock<TaskOrchestrationContext> Context { get; } = new(MockBehavior.Loose) { CallBase = true };

    public DateTime Now { get; private set; }

    public DateTimeOffset FireTimersUntil { get; set; } = DateTimeOffset.MinValue;

    public Func<string, Task<string>> ActivityResult { get; set; } = name => Task.FromResult(name);

    public IReadOnlyList<string> Subscribers { get; set; } = ["sub-1", "sub-2"];

    public List<ActivityCall> Activities { get; } = [];

    public List<TimerCall> Timers { get; } = [];

    public List<JsonElement> Statuses { get; } = [];

    public List<(OrderInput Input, bool PreserveEvents)> ContinuedAsNew { get; } = [];

    public int EventWaits { get; private set; }

    public OrderSnapshot Status => OrderSnapshot.Parse(Statuses[^1].GetRawText())!;

    public OrchestrationHarness Send(params CommandEnvelope[] envelopes)
    {
        foreach (var envelope in envelopes)
        {
            commands.Enqueue(envelope);
        }

        return this;
    }

    public IEnumerable<string> ActivityNames => Activities.Select(a => a.Name);

    /// <summary>Runs the orchestration until it waits for what will not come, firing the due timers; answers its task.</summary>
    public async Task<Task<JsonElement>> Run(OrderInput input, OrderWorkflowOptions? options = null)
    {
        var orchestration = new OrderOrchestration(options);
        var task = await Task.Run(() => Task.FromResult(orchestration.RunAsync(Context.Object, input)));
        while (Timers.Where(t => !t.Token.IsCancellationRequested && !t.Fired.Task.IsCompleted && t.FireAt <= FireTimersUntil.UtcDateTime)
            .OrderBy(t => t.FireAt).FirstOrDefault() is { } due)
        {
            Now = due.FireAt > Now ? due.FireAt : Now;
            await Task.Run(due.Fired.SetResult);
        }

        return task;
    }

    public Task<Task<JsonElement>> Place(OrderCancellation.Domain.Commands.OrderCommand.PlaceOrder place, OrderWorkflowOptions? options = null, CancellationPolicy? policy = null) =>
        Run(OrderInput.Start("place", place, policy ?? CancellationPolicy.Default), options);

    /// <summary>Fails every call of <paramref name="name"/> as a task that exhausted its retries would.</summary>
    public static Task<string> Failed(string name, string message) =>
        Task.FromException<string>(new TaskFailedException(name, 7, new TaskFailureDetails("InvalidOperationException", message, null, null, null)));
}
