using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using DurableTask.Core;

namespace DurableTask.Hosting.Tests;

/// <summary>A host running the worker and client of this project on a <see cref="FastInMemoryService"/>.</summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private InProcessHost(IHost host, FastInMemoryService service)
    {
        this.Host = host;
        this.Service = service;
        this.Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public IHost Host { get; }
    public FastInMemoryService Service { get; }
    public DurableTaskClient Client { get; }

    public static async Task<InProcessHost> StartAsync(
        Action<OrchestrationServiceWorkerOptions>? worker = null, ActivityGate? gate = null)
    {
        var service = new FastInMemoryService();
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton(gate ?? new ActivityGate());
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r => r
                .AddOrchestrator<ConfirmOrder>().AddActivity<DescribeOrder>()
                .AddOrchestrator<AwaitApproval>().AddOrchestrator<SleepBriefly>()
                .AddOrchestrator<RejectOrder>().AddActivity<ThrowRejection>()
                .AddOrchestrator<WaitOnGate>().AddActivity<HangUntilReleased>());
            b.UseOrchestrationService(worker);
        });
        builder.Services.AddDurableTaskClient(b => b.UseOrchestrationService());
        IHost host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new InProcessHost(host, service);
    }

    public async ValueTask DisposeAsync()
    {
        await this.Host.StopAsync();
        this.Host.Dispose();
    }
}
