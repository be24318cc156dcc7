using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, null);

    /// <summary>Creates an instance. One that is still running, or whose status is in <paramref name="dedupeStatuses"/>,
    /// makes this throw <see cref="DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException"/>; a finished one is replaced.</summary>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("A creation message carries an ExecutionStartedEvent.", nameof(creationMessage));
        }

        var outgoing = new OutgoingMessage(creationMessage);
        await _database.WriteAsync(tx => _messages.CreateAsync(tx, outgoing, started, Now, dedupeStatuses, throwIfExists: true), CancellationToken.None);
        _orchestrationWork.Signal();
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <summary>Stores the messages in one transaction. A message to an instance that does not exist is dropped
    /// and logged (DTFx would discard it anyway, and it must not reach an instance created later).</summary>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        var now = Now;
        var outgoing = messages.Select(m => new OutgoingMessage(m)).ToList();
        var outcomes = await _database.WriteAsync(async tx =>
        {
            var sent = new List<MessageWriter.Sent>(messages.Length);
            foreach (var message in outgoing)
            {
                sent.Add(await _messages.SendAsync(tx, message, now));
            }

            return sent;
        }, CancellationToken.None);

        for (var i = 0; i < messages.Length; i++)
        {
            if (outcomes[i] == MessageWriter.Sent.NoSuchInstance)
            {
                _logger.MessageToUnknownInstance(messages[i].Event.EventType.ToString(), messages[i].OrchestrationInstance.InstanceId);
            }
        }

        _orchestrationWork.Signal();
    }

    /// <summary>Waits until the instance finishes (or <paramref name="timeout"/> passes: then null). Completions in
    /// this process wake the wait at once; others are seen by polling that backs off to the polling interval.</summary>
    /// <remarks>Only waits in this process are woken by a completion (per instance); waits for an instance another
    /// process completes see it at the next poll.</remarks>
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(string instanceId, string? executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var poller = new IdlePoller(_options.MaxPollingInterval, timeout, _time);
        while (true)
        {
            // Registered before the read, so a completion between the read and the wait is not missed.
            var completed = _completions.WaitFor(instanceId);
            var state = await GetOrchestrationStateAsync(instanceId, executionId);
            if (state is not null && Statuses.IsTerminal(state.OrchestrationStatus))
            {
                _completions.Signal(instanceId); // drops the registration (others waiting re-read and see it too)
                return state;
            }

            if (poller.TimedOut)
            {
                _completions.Signal(instanceId);
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await completed.WaitAsync(poller.NextWait(nextDueUtc: null), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });

    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        await GetOrchestrationStateAsync(instanceId, executionId: null) is { } state ? [state] : [];

    /// <summary>The provider keeps the latest execution of an instance only.</summary>
    public async Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        var states = await _database.ReadAsync(async c => await InstanceRows.ReadAllAsync(c.Command(_sql.SelectState, ("@id", instanceId))), CancellationToken.None);
        return states.FirstOrDefault(s => executionId is null || s.OrchestrationInstance.ExecutionId == executionId);
    }

    /// <summary>The current execution's history as a JSON array of DTFx history events.</summary>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId) =>
        _database.ReadAsync(async connection =>
        {
            var events = new List<string>();
            await using var command = connection.Command(_sql.LoadHistory, ("@id", instanceId));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                events.Add(reader.GetString(0));
            }

            return "[" + string.Join(",", events) + "]";
        }, CancellationToken.None);
}
