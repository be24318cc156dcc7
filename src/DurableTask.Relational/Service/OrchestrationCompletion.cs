using DurableTask.Core;

namespace DurableTask.Relational.Service;

/// <summary>What DTFx hands over when an orchestration work item is done: the state to store, the activities to
/// schedule, and the messages to send (to itself: timers and carried events; to others: sub-orchestrations
/// and events).</summary>
internal sealed record OrchestrationCompletion(
    RelationalOrchestrationWorkItem WorkItem,
    OrchestrationRuntimeState RuntimeState,
    IList<TaskMessage> Activities,
    IReadOnlyList<TaskMessage> Messages,
    OrchestrationState? State);
