using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableTask.Relational.Service;

/// <summary>
/// What DTFx hands over when an orchestration work item is done, rendered to what the store writes before the
/// write transaction starts (on SQLite all writes share one thread; JSON is made on the dispatchers' threads):
/// the history to append (or to replace, after ContinueAsNew), the state, the activities to schedule, and the
/// messages to send (to itself: timers and carried events; to others: sub-orchestrations and events).
/// </summary>
internal sealed class OrchestrationCompletion
{
    public OrchestrationCompletion(RelationalOrchestrationWorkItem workItem, OrchestrationRuntimeState runtimeState,
        IEnumerable<TaskMessage> activities, IEnumerable<TaskMessage> messages, OrchestrationState? state)
    {
        WorkItem = workItem;
        State = state;
        if (runtimeState.ExecutionStartedEvent is not null)
        {
            // After ContinueAsNew the new execution's history replaces the old one.
            ReplacesHistory = runtimeState.OrchestrationInstance?.ExecutionId != workItem.ExecutionIdAtLock;
            IList<HistoryEvent> events = ReplacesHistory ? runtimeState.Events : runtimeState.NewEvents;
            FirstSeq = ReplacesHistory ? 0 : runtimeState.PastEvents.Count;
            History = [.. events.Select(Payloads.Serialize)];
        }

        Activities = [.. activities.Select(a => (a, Payloads.Serialize(a)))];
        Messages = [.. messages.Select(m => new OutgoingMessage(m))];
        Failure = Payloads.Write(state?.FailureDetails);
        Tags = Payloads.Write(state?.Tags);
    }

    public RelationalOrchestrationWorkItem WorkItem { get; }

    public OrchestrationState? State { get; }

    public bool ReplacesHistory { get; }

    public int FirstSeq { get; }

    /// <summary>Empty when DTFx dropped the work item (it had no start): nothing to record.</summary>
    public IReadOnlyList<string> History { get; } = [];

    public IReadOnlyList<(TaskMessage Message, string Body)> Activities { get; }

    public IReadOnlyList<OutgoingMessage> Messages { get; }

    public string? Failure { get; }

    public string? Tags { get; }
}
