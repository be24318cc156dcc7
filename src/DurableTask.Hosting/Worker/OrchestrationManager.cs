using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace DurableTask.Hosting.Worker;

/// <summary>
/// Hands DTFx a new shimmed orchestrator for each episode, looked up by name only: every task is registered with
/// version "", while the shim schedules activities with the orchestration's version, so matching on version
/// would only turn a caller's version into "not found".
/// </summary>
/// <remarks>
/// Orchestrators are created from the root provider: they are deterministic and hold no scoped (I/O) services, and
/// DTFx may keep the object across the episodes of an extended session, so a scope would have no clear end.
/// </remarks>
internal sealed class OrchestrationManager(
    IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services, ILogger logger)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators come from the DurableTaskRegistry (AddTasks), not from DTFx creators.");

    public TaskOrchestration? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        if (!factory.TryCreateOrchestrator(taskName, services, out ITaskOrchestrator? orchestrator))
        {
            Log.OrchestratorNotFound(logger, name);
            return null;
        }

        return shims.CreateOrchestration(taskName, orchestrator);
    }
}
