using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Contracts;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>
/// A mocked <see cref="DurableTaskClient"/> (the <c>[DurableClient]</c> binding a function gets) whose instances behave like
/// the order orchestration for one step: a scheduled <see cref="OrderOrchestration"/> takes its PlaceOrder, a raised
/// command is decided by the Domain's decider, and the published <see cref="OrderSnapshot"/> carries the answer. No
/// timers, effects or generations: enough for the edge to answer what a real step would, so a function's whole path
/// (route values, body, caller, services, the binding's client) shows in its answer. The mock records every call.
/// A test can hold the commands raised (<see cref="HoldCommands"/>, so the edge answers 202), let them be taken later
/// (<see cref="ReleaseHeld"/>), or complete an instance (<see cref="Complete"/>, dropping what it holds, as Durable Task
/// drops an event raised on an instance that completes first).
/// </summary>
public sealed class FakeOrderOrchestrations
{
    private readonly ConcurrentDictionary<string, Instance> instances = new(StringComparer.Ordinal);

    public FakeOrderOrchestrations()
    {
        Client = new Mock<DurableTaskClient>(MockBehavior.Strict, "binding");
        Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) => Task.FromResult(Schedule(name, (OrderInput)input!, options!)));
        Client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string instanceId, string name, object? payload, CancellationToken _) =>
            {
                Raise(instanceId, name, (CommandEnvelope)payload!);
                return Task.CompletedTask;
            });
        Client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns((string instanceId, bool _, CancellationToken _) => Task.FromResult(Metadata(instanceId)));
    }

    public Mock<DurableTaskClient> Client { get; }

    public DurableTaskClient Object => Client.Object;

    /// <summary>While true, a raised command waits untaken until <see cref="ReleaseHeld"/>.</summary>
    public bool HoldCommands { get; set; }

    /// <summary>The order's held commands are taken, in the order they were raised.</summary>
    public void ReleaseHeld(string orderId)
    {
        var instance = instances[orderId];
        lock (instance)
        {
            foreach (var envelope in instance.Held)
            {
                Take(instance, envelope);
            }

            instance.Held.Clear();
        }
    }

    /// <summary>The order's orchestration completes with its last snapshot as output; the commands it holds are never taken.</summary>
    public void Complete(string orderId)
    {
        var instance = instances[orderId];
        lock (instance)
        {
            instance.Held.Clear();
            instance.Completed = true;
        }
    }

    public OrderSnapshot? Snapshot(string orderId) => instances.TryGetValue(orderId, out var instance) ? instance.Snapshot : null;

    private string Schedule(TaskName name, OrderInput input, StartOrchestrationOptions options)
    {
        Assert.Equal(OrderOrchestration.Name, name.Name);
        var orderId = options.InstanceId!;
        var policy = new CancellationPolicy { Defaults = input.Policy };
        var instance = new Instance(policy, new OrderSnapshot(null, 0, [], new Dictionary<TimerKind, DateTimeOffset>(), 0));
        if (!instances.TryAdd(orderId, instance))
        {
            throw new InvalidOperationException($"Instance {orderId} exists.");
        }

        Take(instance, input.Place!);
        return orderId;
    }

    private void Raise(string instanceId, string name, CommandEnvelope envelope)
    {
        Assert.Equal(OrderOrchestration.CommandEvent, name);
        var instance = instances[instanceId];
        lock (instance)
        {
            if (instance.Completed)
            {
                return; // dropped, as Durable Task drops an event raised on a completed instance
            }

            if (HoldCommands)
            {
                instance.Held.Add(envelope);
                return;
            }

            Take(instance, envelope);
        }
    }

    private static void Take(Instance instance, CommandEnvelope envelope)
    {
        lock (instance)
        {
            var snapshot = instance.Snapshot;
            var fingerprint = CommandFingerprint.Of(envelope.Command);
            CommandRecord record;
            if (envelope.ExpectedVersion is { } expected && expected != snapshot.Version)
            {
                record = new CommandRecord(envelope.CommandId, snapshot.Version, null, WorkflowProblems.VersionConflict(snapshot.Version), fingerprint);
            }
            else
            {
                switch (OrderDecider.Decide(envelope.Command, snapshot.Order, instance.Policy))
                {
                    case Decision.Accepted accepted:
                        var version = accepted.Events.Count > 0 ? snapshot.Version + 1 : snapshot.Version;
                        snapshot = snapshot with { Order = accepted.After ?? snapshot.Order, Version = version };
                        record = new CommandRecord(envelope.CommandId, version, accepted.Outcome, null, fingerprint);
                        break;
                    case Decision.Refused refused:
                        record = new CommandRecord(envelope.CommandId, snapshot.Version, null, refused.Problem, fingerprint);
                        break;
                    default:
                        throw new InvalidOperationException("Unknown decision.");
                }
            }

            instance.Snapshot = snapshot with { Commands = [.. snapshot.Commands, record] };
        }
    }

    private OrchestrationMetadata? Metadata(string instanceId)
    {
        if (!instances.TryGetValue(instanceId, out var instance))
        {
            return null;
        }

        lock (instance)
        {
            var published = instance.Snapshot.ToJson().GetRawText();
            return new OrchestrationMetadata(OrderOrchestration.Name, instanceId)
            {
                RuntimeStatus = instance.Completed ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Running,
                CreatedAt = DateTimeOffset.UtcNow,
                LastUpdatedAt = DateTimeOffset.UtcNow,
                SerializedCustomStatus = instance.Completed ? null : published,
                SerializedOutput = instance.Completed ? published : null,
            };
        }
    }

    private sealed class Instance(CancellationPolicy policy, OrderSnapshot snapshot)
    {
        public CancellationPolicy Policy { get; } = policy;

        public OrderSnapshot Snapshot { get; set; } = snapshot;

        public List<CommandEnvelope> Held { get; } = [];

        public bool Completed { get; set; }
    }
}
