using DurableTask.Core;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    private readonly WorkFetcher<RelationalActivityWorkItem> _activityFetcher;

    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        return await _activityFetcher.FetchAsync((item, _) => Task.FromResult<RelationalActivityWorkItem?>(item), receiveTimeout, linked.Token)
            ?? await NothingWhileStoppedAsync<TaskActivityWorkItem>(receiveTimeout, cancellationToken);
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (RelationalActivityWorkItem)workItem;
        var until = Now + _options.LockTimeout.Ticks;
        var renewed = await _database.WriteAsync(tx => tx.ExecuteAsync(_sql.RelockActivity,
            ("@row", item.Row), ("@fence", item.Fence), ("@until", until)), CancellationToken.None);
        if (renewed == 0)
        {
            _logger.LeaseLost("activity", item.Id);
        }
        else
        {
            item.LockedUntilUtc = Ticks.ToUtc(until);
        }

        return item;
    }

    /// <summary>Deletes the work item and delivers its result in one transaction, if our fence still holds; a
    /// completion from a worker whose lease was taken over is dropped (the new holder's result counts).</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var item = (RelationalActivityWorkItem)workItem;
        var now = Now;
        var response = new OutgoingMessage(responseMessage);
        var outcome = await _database.WriteAsync(async tx =>
        {
            if (await tx.ExecuteAsync(_sql.CompleteActivity, ("@row", item.Row), ("@fence", item.Fence)) == 0)
            {
                return (Stale: true, Sent: MessageWriter.Sent.Stored);
            }

            return (Stale: false, Sent: await _messages.SendAsync(tx, response, now));
        }, CancellationToken.None);
        _held.ActivitySettled(item.Row, item.Fence);

        if (outcome.Stale)
        {
            _logger.StaleActivityCompletion(item.Row, item.TaskMessage.OrchestrationInstance.InstanceId, item.Fence);
            return;
        }

        if (outcome.Sent == MessageWriter.Sent.NoSuchInstance)
        {
            _logger.MessageToUnknownInstance(responseMessage.Event.EventType.ToString(), responseMessage.OrchestrationInstance.InstanceId);
        }

        _orchestrationWork.Signal();
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (RelationalActivityWorkItem)workItem;
        await _database.WriteAsync(tx => tx.ExecuteAsync(_sql.AbandonActivity,
            ("@row", item.Row), ("@fence", item.Fence), ("@until", Now + _options.AbandonDelay.Ticks)), CancellationToken.None);
        _held.ActivitySettled(item.Row, item.Fence);
    }

    private async Task<IReadOnlyList<RelationalActivityWorkItem>> ClaimActivitiesAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var claimed = await _database.WriteAsync(async tx =>
        {
            await using var command = tx.Command(_sql.ClaimActivities, ("@owner", _options.WorkerId), ("@now", now),
                ("@until", now + _options.LockTimeout.Ticks), ("@limit", _options.ClaimBatchSize));
            await using var reader = await command.ExecuteReaderAsync();
            var items = new List<RelationalActivityWorkItem>();
            while (await reader.ReadAsync())
            {
                var row = reader.GetInt64(0);
                items.Add(new RelationalActivityWorkItem
                {
                    Id = row.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Row = row,
                    Fence = reader.GetInt64(1),
                    TaskMessage = Payloads.Message(reader.GetString(2)),
                    LockedUntilUtc = Ticks.ToUtc(reader.GetInt64(3)),
                });
            }

            return items;
        }, CancellationToken.None); // not cut short once queued: a committed claim must be recorded to be handed back on stop
        foreach (var item in claimed)
        {
            _held.Activity(item.Row, item.Fence);
        }

        return claimed;
    }
}
