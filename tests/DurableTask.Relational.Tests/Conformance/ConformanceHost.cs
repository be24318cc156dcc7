using DurableTask.Core;
using DurableTask.Hosting;
using DurableTask.Relational.Tests.Conformance.Support;
using DurableTask.Relational.Tests.Conformance.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance;

/// <summary>
/// A generic host running the conformance tasks (DurableTask.Hosting's worker) and a DurableTaskClient over one
/// service object of a backend. <see cref="RestartAsync"/> stops it and starts a new host over a new service
/// object on the same store, as a process restart would.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    /// <summary>Bounds a stop: the Azure Storage provider otherwise waits up to an hour for outstanding work.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    private readonly ConformanceBackend _backend;
    private readonly ITestOutputHelper _output;
    private readonly ILoggerFactory _loggerFactory;
    private IHost? _host;
    private IOrchestrationService? _service;

    private ConformanceHost(ConformanceBackend backend, ITestOutputHelper output)
    {
        _backend = backend;
        _output = output;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    public DurableTaskClient Client => (_host ?? throw new InvalidOperationException("The host is stopped.")).Services.GetRequiredService<DurableTaskClient>();

    public static async Task<ConformanceHost> StartAsync(ConformanceBackend backend, ITestOutputHelper output)
    {
        var host = new ConformanceHost(backend, output);
        await host.StartNewAsync();
        return host;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartNewAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loggerFactory.Dispose();
    }

    private async Task StartNewAsync()
    {
        _service = _backend.CreateService(_loggerFactory);

        // DTFx's contract: the store exists before anyone uses the service. The worker also creates it, but in its
        // background start, which host.StartAsync does not wait for: the first schedule could race the schema.
        await _service.CreateIfNotExistsAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(_output));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(_service);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(ConformanceTasks.Register);
            worker.UseOrchestrationService(o => o.ShutdownTimeout = ShutdownTimeout);
        });
        builder.Services.AddDurableTaskClient(client => client.UseOrchestrationService());
        _host = builder.Build();
        using var startDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StartAsync(startDeadline.Token);
    }

    private async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            using var stopDeadline = new CancellationTokenSource(ShutdownTimeout * 2);
            await host.StopAsync(stopDeadline.Token);
            host.Dispose();
        }

        if (_service is { } service && _backend.Deviations.RestartKeepsTheServiceObject is null)
        {
            _service = null;
            switch (service)
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
}
