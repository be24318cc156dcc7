using DurableTask.Hosting.Worker;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DurableTask.Hosting;

/// <summary>Runs a Durable Task worker in process on the DTFx <c>IOrchestrationService</c> registered in DI.</summary>
public static class OrchestrationServiceWorkerExtensions
{
    /// <summary>
    /// Makes the worker a DTFx <c>TaskHubWorker</c> over the registered <c>IOrchestrationService</c> (no gRPC):
    /// the orchestrators and activities added with <c>AddTasks</c> run through <c>DurableTaskShimFactory</c>.
    /// </summary>
    public static IDurableTaskWorkerBuilder UseOrchestrationService(
        this IDurableTaskWorkerBuilder builder, Action<OrchestrationServiceWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OptionsBuilder<OrchestrationServiceWorkerOptions> options = builder.Services.AddOptions<OrchestrationServiceWorkerOptions>(builder.Name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.ShutdownTimeout > TimeSpan.Zero, "OrchestrationServiceWorkerOptions.ShutdownTimeout must be positive.")
            .ValidateOnStart();
        return builder.UseBuildTarget<OrchestrationServiceWorker>();
    }
}
