using System.Diagnostics;
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
    /// <summary>The worker's graceful stop, after which it forces the service to stop: Azure Storage's own graceful
    /// stop would otherwise wait up to an hour for outstanding work.</summary>
    private static readonly TimeSpan WorkerShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The whole stop, forced part included. Longer than the worker's bound, or the host would stop waiting
    /// for the worker at the very moment the worker starts forcing.</summary>
    private static readonly TimeSpan HostStopDeadline = TimeSpan.FromSeconds(60);

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

        // No CreateIfNotExistsAsync here: the hosting worker creates the store before host.StartAsync returns, and
        // the first test of each class checks that it does (a first schedule once raced the schema).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(_output));
        // Later than the deadline StopAsync passes, so that deadline is the one that ends a stop (and is seen to).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = HostStopDeadline + TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(_service);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(ConformanceTasks.Register);
            worker.UseOrchestrationService(o => o.ShutdownTimeout = WorkerShutdownTimeout);
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
            var clock = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(HostStopDeadline);
            await host.StopAsync(deadline.Token);

            // Host.StopAsync returns at its deadline whether or not the worker has finished stopping. Disposing the
            // service under a TaskHubWorker that still dispatches pulls the store from under it (seen: the provider's
            // fetch then returned at once and DTFx's dispatcher spun inside the service's DisposeAsync for good), so
            // a stop that reached the deadline fails the test and the service is left undisposed.
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The host had not stopped within {HostStopDeadline}; the service is left undisposed.");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                _output.WriteLine($"the host took {clock.Elapsed.TotalSeconds:0.0} s to stop");
            }

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
