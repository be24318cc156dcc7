using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DurableTask.Hosting.Tests;

public sealed class WorkerLifetimeTests
{
    [Fact]
    public async Task The_store_exists_once_the_host_has_started()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();

        Assert.True(host.Service.StoreCreated);
    }

    [Fact]
    public async Task The_worker_stops_after_its_shutdown_timeout_while_an_activity_still_hangs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var gate = new ActivityGate();
        await using InProcessHost host = await InProcessHost.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200), gate);
        // Like Azure Storage, the service's graceful stop waits for the outstanding activity: unbounded, it never ends.
        host.Service.GracefulStopWaitsFor = gate.Release.Task;
        DurableTaskWorker worker = host.Host.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>().Single();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitOnGate), timeout.Token);
        await gate.Entered.Task.WaitAsync(timeout.Token);

        await host.Host.StopAsync(timeout.Token);
        await worker.ExecuteTask!.WaitAsync(timeout.Token);

        Assert.True(worker.ExecuteTask.IsCompletedSuccessfully);
        Assert.False(gate.Release.Task.IsCompleted);
        gate.Release.SetResult();
    }

    [Fact]
    public async Task A_host_whose_worker_has_no_shutdown_timeout_does_not_start()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessHost.StartAsync(o => o.ShutdownTimeout = TimeSpan.Zero));
    }
}
