using DurableTask.Core;
using DurableTask.Hosting;
using DurableTask.Relational.WorkerHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>The test's own client: a provider object used only as a client (no worker runs in the test process)
/// behind DurableTask.Hosting's <see cref="DurableTaskClient"/>.</summary>
public sealed class FaultClient : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private FaultClient(FaultStore store, RelationalOrchestrationService service, ServiceProvider services)
    {
        Store = store;
        Service = service;
        _services = services;
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public FaultStore Store { get; }

    public RelationalOrchestrationService Service { get; }

    public DurableTaskClient Client { get; }

    public static async Task<FaultClient> StartAsync(FaultStore store)
    {
        var service = store.CreateService("fault-test-client");
        await service.CreateIfNotExistsAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IOrchestrationService>(service);
        services.AddDurableTaskClient(b => b.UseOrchestrationService());
        return new FaultClient(store, service, services.BuildServiceProvider());
    }

    public Task ScheduleAsync(IReadOnlyDictionary<string, FaultInput> instances) =>
        Parallel.ForEachAsync(instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (instance, token) =>
            await Client.ScheduleNewOrchestrationInstanceAsync(nameof(FaultOrchestration), instance.Value, new StartOrchestrationOptions(instance.Key), token));

    public Task<long> CountCompletedAsync() =>
        Store.CountAsync($"SELECT COUNT(*) FROM {Store.Instances} WHERE status = 'Completed'");

    /// <summary>Waits (an observed condition, generous deadline) until every instance has completed.</summary>
    public Task AllCompletedAsync(int count, TimeSpan within, Func<string> describe) =>
        Observe.UntilAsync(async () => await CountCompletedAsync() >= count, within, async () => $"{await CountCompletedAsync()} of {count} completed; {describe()}");

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Service.DisposeAsync();
    }
}
