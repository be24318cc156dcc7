using System.Data.Common;
using DurableTask.Core;
using DurableTask.Relational.Service;
using DurableTask.Relational.Store;

namespace DurableTask.Relational;

public sealed partial class RelationalOrchestrationService
{
    /// <summary>
    /// Applies one orchestration step in one transaction: the fence (our lease, which also locks the row), the
    /// consumed messages deleted, the new history appended (or replaced, after ContinueAsNew), the state, the
    /// activities and messages it sends, and the lease released. Returns false, changing nothing, when the lease
    /// was lost to another worker.
    /// </summary>
    private async Task<bool> CompleteAsync(DbTransaction tx, OrchestrationCompletion step)
    {
        var item = step.WorkItem;
        var now = Now;
        if (await tx.ExecuteAsync(_sql.FenceOrchestration, ("@id", item.InstanceId), ("@owner", _options.WorkerId), ("@token", item.LockToken), ("@now", now)) == 0)
        {
            return false;
        }

        await DeleteMessagesAsync(tx, item.ConsumedMessageIds);
        if (step.ReplacesHistory)
        {
            await tx.ExecuteAsync(_sql.DeleteHistory, ("@id", item.InstanceId));
        }

        var seq = step.FirstSeq;
        foreach (var historyEvent in step.History)
        {
            await tx.ExecuteAsync(_sql.InsertHistory, ("@id", item.InstanceId), ("@seq", seq++), ("@event", historyEvent));
        }

        if (step.State is { } state)
        {
            await tx.ExecuteAsync(_sql.UpdateState,
                ("@id", item.InstanceId), ("@execution", state.OrchestrationInstance.ExecutionId), ("@name", state.Name),
                ("@version", state.Version ?? ""), ("@status", state.OrchestrationStatus.ToString()), ("@now", now),
                ("@completed", Statuses.IsTerminal(state.OrchestrationStatus) ? now : null), ("@input", state.Input),
                ("@output", state.Output), ("@custom", state.Status), ("@failure", step.Failure), ("@tags", step.Tags));
        }

        foreach (var (activity, body) in step.Activities)
        {
            await tx.ExecuteAsync(_sql.InsertActivity, ("@id", activity.OrchestrationInstance.InstanceId),
                ("@execution", activity.OrchestrationInstance.ExecutionId), ("@event", activity.Event.EventId), ("@body", body));
        }

        foreach (var message in step.Messages)
        {
            var sent = await _messages.SendAsync(tx, message, now);
            if (sent == MessageWriter.Sent.NoSuchInstance)
            {
                _logger.MessageToUnknownInstance(message.Message.Event.EventType.ToString(), message.Message.OrchestrationInstance.InstanceId);
            }
            else if (sent == MessageWriter.Sent.InstanceExists)
            {
                _logger.SubOrchestrationExists(message.Message.OrchestrationInstance.InstanceId, "still running");
            }
        }

        if (step.State is { } final && Statuses.IsTerminal(final.OrchestrationStatus))
        {
            // A finished instance consumes nothing more: its pending timers and late events go now.
            await tx.ExecuteAsync(_sql.DeleteMessages, ("@id", item.InstanceId));
        }

        var historyCount = step.History.Count > 0 ? step.FirstSeq + step.History.Count : -1L;
        await tx.ExecuteAsync(_sql.ReleaseOrchestration, ("@id", item.InstanceId), ("@hiddenUntil", 0L), ("@historyCount", historyCount));
        return true;
    }
}
