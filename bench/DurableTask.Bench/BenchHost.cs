using DurableTask.Bench.Backends;
using DurableTask.Bench.Scenarios;
using DurableTask.Bench.Tasks;
using DurableTask.Core;
using DurableTask.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableTask.Bench;

/// <summary>A generic host with DurableTask.Hosting's worker and client over one provider on a fresh task hub.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;
    private readonly IBenchBackend _backend;

    private BenchHost(IHost host, IBenchBackend backend, IOrchestrationService service, CallTimings? timings)
    {
        _host = host;
        _backend = backend;
        Service = service;
        Timings = timings;
    }

    /// <summary>The provider itself (not the timing proxies).</summary>
    public IOrchestrationService Service { get; }

    /// <summary>Per-method timings of the calls into the provider, with <c>--profile</c>.</summary>
    public CallTimings? Timings { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public FiringLog Firings => _host.Services.GetRequiredService<FiringLog>();

    public static async Task<BenchHost> StartAsync(BenchRun run, string scenario)
    {
        var service = await run.Backend.NewServiceAsync(scenario, run.LoggerFactory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(run.LoggerFactory);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout * 2);
        var timings = run.Options.Profile ? new CallTimings() : null;
        if (timings is null)
        {
            builder.Services.AddSingleton(service);
        }
        else
        {
            builder.Services.AddSingleton(timings.Wrap<IOrchestrationService>(service));
            builder.Services.AddSingleton(timings.Wrap<IOrchestrationServiceClient>(service));
            if (service is DurableTask.Core.Query.IOrchestrationServiceQueryClient)
            {
                builder.Services.AddSingleton(timings.Wrap<DurableTask.Core.Query.IOrchestrationServiceQueryClient>(service));
            }
        }

        builder.Services.AddSingleton<FiringLog>();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(BenchTasks.Register);
            worker.UseOrchestrationService(o => o.ShutdownTimeout = ShutdownTimeout);
        });
        builder.Services.AddDurableTaskClient(client => client.UseOrchestrationService());
        var host = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await host.StartAsync(deadline.Token);
        return new BenchHost(host, run.Backend, service, timings);
    }

    /// <summary>Waits through the provider itself (see <see cref="IBenchBackend.WaitForCompletionAsync"/>).</summary>
    public Task<OrchestrationState?> WaitForCompletionAsync(string instanceId, TimeSpan timeout) =>
        _backend.WaitForCompletionAsync(Service, instanceId, timeout);

    /// <summary>True while some instance has not run its first episode yet.</summary>
    public async Task<bool> AnyPendingAsync()
    {
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending], PageSize = 1 };
        await foreach (var _ in Client.GetAllInstancesAsync(query))
        {
            return true;
        }

        return false;
    }

    /// <summary>Waits (up to <paramref name="within"/>) until no instance is pending; returns whether that happened.</summary>
    public async Task<bool> WaitUntilNonePendingAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (await AnyPendingAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <summary>Runs one timer orchestration due now and waits for it: the worker is live (Azure Storage first has
    /// to acquire its partition leases).</summary>
    public async Task<TimeSpan> WaitUntilLiveAsync(TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestration), DateTime.UtcNow, new StartOrchestrationOptions("live-probe"));
        _ = await WaitForCompletionAsync(id, within) ?? throw new TimeoutException($"The worker did not complete a probe within {within}.");
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        using (var deadline = new CancellationTokenSource(ShutdownTimeout * 3))
        {
            await _host.StopAsync(deadline.Token);
        }

        _host.Dispose();
        switch (Service)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
