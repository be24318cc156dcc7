using System.Collections.Concurrent;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Engine;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Service.Tests.Orders;

/// <summary>
/// Fault injection on the real engine: the app's <see cref="IDurableClientSource"/> is the real client, except that the
/// raise of a command a test chose is held back (the gateway sees it as raised) until the test releases it — for
/// instance once the order's orchestration has completed, which then drops it as Durable Task drops any event that
/// reaches a completed instance. Nothing of the engine is mocked: every other call, and the released raise, go to it.
/// </summary>
public sealed class HeldCommandRaises
{
    private readonly ConcurrentDictionary<string, (Func<CommandEnvelope, bool> Match, TaskCompletionSource<HeldRaise> Held)> _armed = new();

    /// <summary>Registers the holding client as the app's <see cref="IDurableClientSource"/>.</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton<IDurableClientSource>(sp => new Source(new HoldingClient(sp.GetRequiredService<DurableTaskClient>(), this)));

    /// <summary>Holds the next raise on <paramref name="orderId"/> of a command that <paramref name="match"/> accepts; completes when it is held.</summary>
    public Task<HeldRaise> HoldNext(string orderId, Func<CommandEnvelope, bool> match)
    {
        var held = new TaskCompletionSource<HeldRaise>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(_armed.TryAdd(orderId, (match, held)), $"A raise on {orderId} is held already.");
        return held.Task;
    }

    private bool TryHold(DurableTaskClient engine, string instanceId, string eventName, object? payload)
    {
        if (payload is not CommandEnvelope envelope || !_armed.TryGetValue(instanceId, out var armed) || !armed.Match(envelope)
            || !_armed.TryRemove(new KeyValuePair<string, (Func<CommandEnvelope, bool>, TaskCompletionSource<HeldRaise>)>(instanceId, armed)))
        {
            return false;
        }

        armed.Held.SetResult(new HeldRaise(engine, instanceId, eventName, envelope));
        return true;
    }

    private sealed class Source(DurableTaskClient client) : IDurableClientSource
    {
        public DurableTaskClient Client => client;
    }

    /// <summary>The real client, every call passed through but the held raise.</summary>
    private sealed class HoldingClient(DurableTaskClient engine, HeldCommandRaises holds) : DurableTaskClient(engine.Name)
    {
        public override DurableEntityClient Entities => engine.Entities;

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
            holds.TryHold(engine, instanceId, eventName, eventPayload) ? Task.CompletedTask : engine.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
            engine.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
            engine.TerminateInstanceAsync(instanceId, options, cancellation);

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
            engine.SuspendInstanceAsync(instanceId, reason, cancellation);

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
            engine.ResumeInstanceAsync(instanceId, reason, cancellation);

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            engine.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => engine.GetAllInstancesAsync(filter);

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            engine.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            engine.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
            engine.PurgeInstanceAsync(instanceId, options, cancellation);

        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
            engine.PurgeAllInstancesAsync(filter, options, cancellation);

        public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
            engine.GetOrchestrationHistoryAsync(instanceId, cancellation);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask; // the engine's client belongs to the host
    }
}

/// <summary>A command raise held back by <see cref="HeldCommandRaises"/>, with the real client to release it through.</summary>
public sealed record HeldRaise(DurableTaskClient Engine, string OrderId, string EventName, CommandEnvelope Envelope)
{
    /// <summary>Raises it now, on the instance as it is.</summary>
    public Task ReleaseAsync() => Engine.RaiseEventAsync(OrderId, EventName, Envelope);

    /// <summary>Raises it once the orchestration has completed (as the real client reports it), so the engine drops it.</summary>
    public async Task ReleaseAfterCompletionAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var completed = await Engine.WaitForInstanceCompletionAsync(OrderId, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        await ReleaseAsync();
    }
}
