using DurableTask.Core.History;
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
        var id = item.InstanceId;
        var now = Now;
        if (await tx.ExecuteAsync(_sql.FenceOrchestration, ("@id", id), ("@owner", _options.WorkerId), ("@token", item.LockToken), ("@now", now)) == 0)
        {
            return false;
        }

        // Everything else goes in one batch (one round trip on PostgreSQL); starts of sub-orchestrations decide
        // on what they find, so they run one by one after it.
        var batch = new StatementBatch();
        if (item.ConsumedMessageIds.Count > 0)
        {
            batch.Add(_sql.DeleteMessagesByIds, ("@ids", _database.IdList(item.ConsumedMessageIds)));
        }

        if (step.ReplacesHistory)
        {
            batch.Add(_sql.DeleteHistory, ("@id", id));
        }

        if (step.History.Count > 0)
        {
            var row = new List<(string, object?)>(1 + (2 * step.History.Count)) { ("@id", id) };
            for (var i = 0; i < step.History.Count; i++)
            {
                row.Add(($"@seq{i}", step.FirstSeq + i));
                row.Add(($"@e{i}", step.History[i]));
            }

            batch.Add(_sql.InsertHistoryRows(step.History.Count), [.. row]);
        }

        foreach (var (activity, body) in step.Activities)
        {
            batch.Add(_sql.InsertActivity, ("@id", activity.OrchestrationInstance.InstanceId),
                ("@execution", activity.OrchestrationInstance.ExecutionId), ("@event", activity.Event.EventId), ("@body", body));
        }

        var inserts = new List<(OutgoingMessage Message, int Index)>();
        foreach (var message in step.Messages.Where(m => m.Message.Event is not ExecutionStartedEvent))
        {
            inserts.Add((message, _messages.Store(batch, message, now)));
        }

        if (step.State is { } final && Statuses.IsTerminal(final.OrchestrationStatus))
        {
            // A finished instance consumes nothing more: its pending timers and late events go now.
            batch.Add(_sql.DeleteMessages, ("@id", id));
        }

        // Last: the state and the release in one row update (it recomputes next_visible_at after the inserts above).
        var historyCount = step.History.Count > 0 ? step.FirstSeq + step.History.Count : -1L;
        if (step.State is { } state)
        {
            batch.Add(_sql.UpdateStateAndRelease,
                ("@id", id), ("@execution", state.OrchestrationInstance.ExecutionId), ("@name", state.Name),
                ("@version", state.Version ?? ""), ("@status", state.OrchestrationStatus.ToString()), ("@now", now),
                ("@completed", Statuses.IsTerminal(state.OrchestrationStatus) ? now : null), ("@input", state.Input),
                ("@output", state.Output), ("@custom", state.Status), ("@failure", step.Failure), ("@tags", step.Tags),
                ("@historyCount", historyCount));
        }
        else
        {
            batch.Add(_sql.ReleaseOrchestration, ("@id", id), ("@hiddenUntil", 0L), ("@historyCount", historyCount));
        }

        var affected = await _database.ExecuteAsync(tx, batch);
        foreach (var (message, index) in inserts.Where(i => affected[i.Index] == 0))
        {
            _logger.MessageToUnknownInstance(message.Message.Event.EventType.ToString(), message.Message.OrchestrationInstance.InstanceId);
        }

        foreach (var start in step.Messages.Where(m => m.Message.Event is ExecutionStartedEvent))
        {
            if (await _messages.SendAsync(tx, start, now) == MessageWriter.Sent.InstanceExists)
            {
                _logger.SubOrchestrationExists(start.Message.OrchestrationInstance.InstanceId, "still running");
            }
        }

        return true;
    }
}
