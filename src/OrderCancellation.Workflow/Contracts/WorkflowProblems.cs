using OrderCancellation.Domain.Decisions;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>Refusals the orchestration itself gives, besides the Decider's.</summary>
public static class WorkflowProblems
{
    /// <summary><c>If-Match</c> named another version of the order (412 <c>version-conflict</c>).</summary>
    public static Problem VersionConflict(long current) =>
        new("version-conflict", 412, "The resource has changed.", $"If-Match did not match the current version {current}.");

    /// <summary>Callers may not send the runtime's commands (a fired timer, a failed activity).</summary>
    public static Problem RuntimeCommand(string name) =>
        new("not-allowed", 403, "Not allowed", $"{name} is sent by the service itself.");
}
