using DurableTask.Hosting.Client;
using Microsoft.DurableTask.Client;

namespace DurableTask.Hosting;

/// <summary>A <see cref="DurableTaskClient"/> straight over a DTFx <c>IOrchestrationServiceClient</c>.</summary>
public static class OrchestrationServiceClientExtensions
{
    /// <summary>
    /// Builds the client over the <c>IOrchestrationServiceClient</c> (and, when present, the query and purge clients)
    /// registered in DI, or else over the registered <c>IOrchestrationService</c> when it implements them.
    /// </summary>
    public static IDurableTaskClientBuilder UseOrchestrationService(this IDurableTaskClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<OrchestrationServiceClient>();
    }
}
