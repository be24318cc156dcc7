using System.Data.Common;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    private readonly WorkFetcher<OrchestrationClaim> _orchestrationFetcher;
    private readonly HistoryCache _histories;

    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        return await _orchestrationFetcher.FetchAsync(LoadAsync, receiveTimeout, linked.Token)
            ?? await NothingWhileStoppedAsync<TaskOrchestrationWorkItem>(receiveTimeout, cancellationToken);
    }

    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (RelationalOrchestrationWorkItem)workItem;
        var until = Now + _options.LockTimeout.Ticks;
        var renewed = await _database.WriteAsync(tx => tx.ExecuteAsync(_sql.RenewOrchestration,
            ("@id", item.InstanceId), ("@owner", _options.WorkerId), ("@token", item.LockToken), ("@until", until)), CancellationToken.None);
        if (renewed == 0)
        {
            _logger.LeaseLost("orchestration", item.InstanceId);
            return;
        }

        item.LockedUntilUtc = Ticks.ToUtc(until);
    }

    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState? orchestrationState)
    {
        var item = (RelationalOrchestrationWorkItem)workItem;
        var completion = new OrchestrationCompletion(item, newOrchestrationRuntimeState, outboundMessages,
            [.. orchestratorMessages, .. timerMessages, .. continuedAsNewMessage is null ? [] : new[] { continuedAsNewMessage }],
            orchestrationState);
        var applied = await _database.WriteAsync(tx => CompleteAsync(tx, completion), CancellationToken.None);
        _held.OrchestrationSettled(item.InstanceId, item.LockToken);
        if (!applied)
        {
            _histories.Remove(item.InstanceId);
            _logger.StaleOrchestrationCompletion(item.InstanceId, item.LockToken);
            return;
        }

        if (orchestrationState is { } state && Statuses.IsTerminal(state.OrchestrationStatus))
        {
            _histories.Remove(item.InstanceId);
        }
        else if (completion.History.Count > 0)
        {
            _histories.Put(item.InstanceId, newOrchestrationRuntimeState);
        }

        _orchestrationWork.Signal();
        if (outboundMessages.Count > 0)
        {
            _activityWork.Signal();
        }

        _steps.Signal(item.InstanceId);
        if (orchestrationState is { } finished && Statuses.IsTerminal(finished.OrchestrationStatus))
        {
            _completions.Signal(item.InstanceId);
        }
    }

    /// <summary>
    /// Completes when this process next commits an orchestration step of the instance (its state, custom status or
    /// output may have changed). Steps committed by other processes are not signalled: poll as well. Call it before
    /// reading the state you wait on, so a step between the read and the wait is not missed.
    /// </summary>
    public Task NextStepAsync(string instanceId) => _steps.WaitFor(instanceId);

    /// <summary>Lets the messages be claimed again after <see cref="RelationalProviderOptions.AbandonDelay"/>.</summary>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (RelationalOrchestrationWorkItem)workItem;
        await _database.WriteAsync(tx => ReleaseAsync(tx, item.InstanceId, item.LockToken, Now + _options.AbandonDelay.Ticks, []), CancellationToken.None);
        _held.OrchestrationSettled(item.InstanceId, item.LockToken);
    }

    /// <summary>Completion and abandonment release the lease themselves; there are no extended sessions to end.</summary>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    /// <summary>When the next claimable row falls due (ticks; null: nothing pending), read without a write.</summary>
    private Task<(long Orchestrations, long Activities)> CountReadyAsync() =>
        _database.ReadAsync(async c =>
        {
            var now = Now;
            await using var orchestrations = c.Command(_sql.ReadyOrchestrations, ("@now", now));
            await using var activities = c.Command(_sql.ReadyActivities, ("@now", now));
            return (Convert.ToInt64(await orchestrations.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(await activities.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }, _stopping.Token);

    private async Task<long?> NextDueAsync(string sql, CancellationToken cancellationToken) =>
        await _database.ReadAsync(async c =>
        {
            await using var command = c.Command(sql, ("@now", Now));
            return await command.ExecuteScalarAsync(cancellationToken) is long due ? due : (long?)null;
        }, cancellationToken);

    private async Task<IReadOnlyList<OrchestrationClaim>> ClaimOrchestrationsAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var claimed = await _database.WriteAsync(async tx =>
        {
            await using var command = tx.Command(_sql.ClaimOrchestrations, ("@owner", _options.WorkerId), ("@now", now),
                ("@until", now + _options.LockTimeout.Ticks), ("@limit", _options.ClaimBatchSize));
            await using var reader = await command.ExecuteReaderAsync();
            var claims = new List<OrchestrationClaim>();
            while (await reader.ReadAsync())
            {
                claims.Add(new OrchestrationClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }

            return claims;
        }, CancellationToken.None); // not cut short once queued: a committed claim must be recorded to be handed back on stop
        foreach (var claim in claimed)
        {
            _held.Orchestration(claim.InstanceId, claim.LockToken);
        }

        return claimed;
    }

    /// <summary>Reads a claimed instance's history and due messages. Messages that can no longer matter (the
    /// instance finished; they belong to an earlier execution) are deleted here and never reach DTFx.</summary>
    private async Task<RelationalOrchestrationWorkItem?> LoadAsync(OrchestrationClaim claim, CancellationToken cancellationToken)
    {
        var cached = _histories.TryGet(claim.InstanceId, claim.ExecutionId, claim.HistoryCount);
        var (history, messages) = await _database.ReadAsync(async connection =>
        {
            var events = cached ?? [];
            await using (var command = connection.Command(_sql.LoadHistory, ("@id", claim.InstanceId)))
            await using (var reader = cached is null ? await command.ExecuteReaderAsync(cancellationToken) : null)
            {
                while (reader is not null && await reader.ReadAsync(cancellationToken))
                {
                    events.Add(Payloads.Event(reader.GetString(0)));
                }
            }

            var due = new List<(long Id, TaskMessage Message)>();
            await using (var command = connection.Command(_sql.LoadMessages, ("@id", claim.InstanceId), ("@now", Now)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add((reader.GetInt64(0), Payloads.Message(reader.GetString(1))));
                }
            }

            return (events, due);
        }, cancellationToken);

        var finished = Statuses.IsTerminal(claim.Status);
        var current = messages.Where(m => !finished && BelongsTo(m.Message, claim.ExecutionId)).ToList();
        var discarded = messages.Where(m => !current.Contains(m)).Select(m => m.Id).ToList();
        if (history.Count == 0 && !current.Any(m => m.Message.Event is ExecutionStartedEvent))
        {
            // Events raised to an instance whose start is scheduled later wait for the start (DTFx would drop
            // them: it needs the start first). Hide the instance until then.
            await _database.WriteAsync(tx => ReleaseAsync(tx, claim.InstanceId, claim.LockToken, Now + _options.AbandonDelay.Ticks, discarded), cancellationToken);
            _held.OrchestrationSettled(claim.InstanceId, claim.LockToken);
            return null;
        }

        if (discarded.Count > 0)
        {
            _logger.MessagesDiscarded(discarded.Count, claim.InstanceId, finished ? "the instance has finished" : "they belong to an earlier execution");
        }

        if (current.Count == 0)
        {
            await _database.WriteAsync(tx => ReleaseAsync(tx, claim.InstanceId, claim.LockToken, 0, discarded), cancellationToken);
            _held.OrchestrationSettled(claim.InstanceId, claim.LockToken);
            return null;
        }

        return new RelationalOrchestrationWorkItem
        {
            InstanceId = claim.InstanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
            NewMessages = current.Select(m => m.Message).ToList(),
            LockedUntilUtc = Ticks.ToUtc(claim.LockedUntil),
            LockToken = claim.LockToken,
            ExecutionIdAtLock = claim.ExecutionId,
            ConsumedMessageIds = messages.Select(m => m.Id).ToList(),
        };
    }

    private static bool BelongsTo(TaskMessage message, string executionId) =>
        message.Event is ExecutionStartedEvent
        || string.IsNullOrEmpty(message.OrchestrationInstance?.ExecutionId)
        || message.OrchestrationInstance.ExecutionId == executionId;

    /// <summary>Frees a lease we hold (the fence), deleting the given messages; the instance is claimable again
    /// from <paramref name="hiddenUntil"/> if it still has messages.</summary>
    private async Task<bool> ReleaseAsync(DbTransaction tx, string instanceId, long token, long hiddenUntil, IReadOnlyList<long> deleteMessages)
    {
        if (await tx.ExecuteAsync(_sql.FenceOrchestration, ("@id", instanceId), ("@owner", _options.WorkerId), ("@token", token), ("@now", Now)) == 0)
        {
            return false;
        }

        await DeleteMessagesAsync(tx, deleteMessages);
        await tx.ExecuteAsync(_sql.ReleaseOrchestration, ("@id", instanceId), ("@hiddenUntil", hiddenUntil), ("@historyCount", -1L));
        return true;
    }

    private async Task DeleteMessagesAsync(DbTransaction tx, IReadOnlyList<long> ids)
    {
        if (ids.Count > 0)
        {
            await tx.ExecuteAsync(_sql.DeleteMessagesByIds, ("@ids", _database.IdList(ids)));
        }
    }

    // A claim that waited in memory for half its lease is given up: another worker may take it over soon.
    private bool StillLeased(long lockedUntil, string id)
    {
        if (lockedUntil - Now > _options.LockTimeout.Ticks / 2)
        {
            return true;
        }

        _logger.ClaimExpired(id);
        return false;
    }
}
