using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.Options;

namespace DurableTask.Hosting.Client;

/// <summary>
/// A <see cref="DurableTaskClient"/> over DTFx's <see cref="IOrchestrationServiceClient"/>. Payloads go through the
/// client's <see cref="DataConverter"/> (System.Text.Json by default), which is what the worker's shims read; DTFx's
/// own TaskHubClient would write Newtonsoft JSON with <c>$type</c>.
/// </summary>
internal sealed partial class OrchestrationServiceClient : DurableTaskClient
{
    private readonly IOrchestrationServiceClient client;
    private readonly IOrchestrationServiceQueryClient? queries;
    private readonly IOrchestrationServicePurgeClient? purges;
    private readonly DataConverter converter;

    // Interfaces registered on their own win; otherwise a service that implements them (most providers) serves them.
    public OrchestrationServiceClient(
        string name,
        IOptionsMonitor<DurableTaskClientOptions> options,
        IOrchestrationService? service = null,
        IOrchestrationServiceClient? client = null,
        IOrchestrationServiceQueryClient? queries = null,
        IOrchestrationServicePurgeClient? purges = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client ?? service as IOrchestrationServiceClient ?? throw new InvalidOperationException(
            "UseOrchestrationService needs an IOrchestrationServiceClient, or an IOrchestrationService that implements it, in DI.");
        this.queries = queries ?? this.client as IOrchestrationServiceQueryClient ?? service as IOrchestrationServiceQueryClient;
        this.purges = purges ?? this.client as IOrchestrationServicePurgeClient ?? service as IOrchestrationServicePurgeClient;
        this.converter = options.Get(name).DataConverter;
    }

    public override DurableEntityClient Entities =>
        throw new NotSupportedException("Durable entities are not supported by the in-process IOrchestrationService client.");

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };

        // Version "" always: the worker registers every task under "" and DTFx matches by name and version.
        var started = new ExecutionStartedEvent(-1, this.converter.Serialize(input))
        {
            OrchestrationInstance = instance,
            Name = orchestratorName.Name,
            Version = string.Empty,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value),
        };

        // The provider enforces the dedupe statuses; DTFx providers throw OrchestrationAlreadyExistsException
        // (an InvalidOperationException) when the existing instance's status is among them.
        await this.client.CreateTaskOrchestrationAsync(
            new TaskMessage { OrchestrationInstance = instance, Event = started },
            StateConversions.DedupeStatuses(options?.DedupeStatuses)).ConfigureAwait(false);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return this.SendAsync(instanceId, new EventRaisedEvent(-1, this.converter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    public override Task TerminateInstanceAsync(
        string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return this.client.ForceTerminateTaskOrchestrationAsync(instanceId, this.converter.Serialize(options?.Output));
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    private Task SendAsync(string instanceId, HistoryEvent @event, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return this.client.SendTaskOrchestrationMessageAsync(
            new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = @event });
    }
}
