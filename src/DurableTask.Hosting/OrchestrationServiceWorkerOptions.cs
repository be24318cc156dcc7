namespace DurableTask.Hosting;

/// <summary>Options of the in-process worker that runs DTFx's <c>TaskHubWorker</c> over an <c>IOrchestrationService</c>.</summary>
public sealed class OrchestrationServiceWorkerOptions
{
    /// <summary>
    /// How long a stop waits for running work items before it forces the service to stop (the host's shutdown timeout
    /// bounds it too). Default: 30 seconds.
    /// </summary>
    /// <remarks>
    /// DTFx's own graceful stop has no bound worth relying on (Azure Storage waits up to an hour for outstanding
    /// work). Work left running after this is abandoned: a provider that releases its leases on stop (DurableTask.Relational)
    /// hands it to another worker at once, others when its lock expires.
    /// </remarks>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
