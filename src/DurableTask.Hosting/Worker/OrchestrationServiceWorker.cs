using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DurableTask.Hosting.Worker;

/// <summary>
/// DTFx's <see cref="TaskHubWorker"/> over the registered <see cref="IOrchestrationService"/>, dispatching to the
/// orchestrators and activities of the worker's <c>DurableTaskRegistry</c>. The dispatchers take their concurrency
/// from the service's <c>MaxConcurrent*</c> properties (DTFx reads them itself).
/// </summary>
internal sealed class OrchestrationServiceWorker(
    string name,
    IDurableTaskFactory factory,
    IOrchestrationService service,
    IServiceProvider services,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    IOptionsMonitor<OrchestrationServiceWorkerOptions> options,
    ILoggerFactory loggerFactory) : DurableTaskWorker(name, factory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<OrchestrationServiceWorker>();

    private TaskHubWorker? hub;

    // Started here rather than in ExecuteAsync, which the host no longer awaits: when host.StartAsync returns, the
    // store exists (Azure Storage needs its queues and tables) and the dispatchers run, and a failure surfaces there.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var shims = new DurableTaskShimFactory(workerOptions.Get(this.Name), loggerFactory);
        this.hub = new TaskHubWorker(
            service,
            new OrchestrationManager(this.Factory, shims, services, this.logger),
            new ActivityManager(this.Factory, shims, services, this.logger),
            loggerFactory)
        {
            // The shim reads a failed task's FailureDetails; the default mode would hand it serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        if (this.ExceptionPropertiesProvider is { } provider)
        {
            this.hub.ExceptionPropertiesProvider = new ExceptionPropertiesProviderAdapter(provider);
        }

        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await this.hub.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.WorkerStarted(this.logger, this.Name, service.GetType().Name);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    // Nothing runs in the background loop: TaskHubWorker has its own dispatchers.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    // The stop is done here, not at the end of ExecuteAsync: a host stopped right after it started may cancel
    // ExecuteAsync before it ever runs, and the dispatchers would then outlive the host. The host's own shutdown token
    // (HostOptions.ShutdownTimeout, what an orchestrator's grace period after SIGTERM should match) bounds it as well.
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref this.hub, null) is { } running)
        {
            await this.StopBoundedAsync(running, options.Get(this.Name).ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StopBoundedAsync(TaskHubWorker hub, TimeSpan timeout, CancellationToken hostShutdown)
    {
        // Both stops end with the service's StopAsync(isForced), where a provider can hand back the work it still holds
        // (DurableTask.Relational releases its leases there), so another worker need not wait for them to expire.
        Task graceful = hub.StopAsync(isForced: false);
        await graceful.WaitAsync(timeout, hostShutdown).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (graceful.IsCompleted)
        {
            await graceful.ConfigureAwait(false);
            Log.WorkerStopped(this.logger, this.Name);
            return;
        }

        // TaskHubWorker.StopAsync(true) would queue behind the graceful stop's lock, so force the service itself:
        // the dispatchers stopped fetching when the graceful stop began, and what still runs is abandoned.
        Log.ShutdownTimedOut(this.logger, this.Name, timeout);
        _ = graceful.ContinueWith(
            t => Log.GracefulStopFailed(this.logger, this.Name, t.Exception!),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        await service.StopAsync(isForced: true).ConfigureAwait(false);
    }
}
