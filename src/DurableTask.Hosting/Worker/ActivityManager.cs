using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableTask.Hosting.Worker;

/// <summary>
/// Hands DTFx a new shimmed activity, in its own DI scope, for each execution; looked up by name only (see
/// <see cref="OrchestrationManager"/> for why the version is ignored).
/// </summary>
internal sealed class ActivityManager(
    IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services, ILogger logger)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities come from the DurableTaskRegistry (AddTasks), not from DTFx creators.");

    public TaskActivity? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        AsyncServiceScope scope = services.CreateAsyncScope();
        if (!factory.TryCreateActivity(taskName, scope.ServiceProvider, out ITaskActivity? activity))
        {
            scope.Dispose();
            Log.ActivityNotFound(logger, name);
            return null;
        }

        return new ScopedActivity(shims.CreateActivity(taskName, activity), scope);
    }
}
