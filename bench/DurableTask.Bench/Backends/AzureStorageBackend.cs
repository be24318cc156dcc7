using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace DurableTask.Bench.Backends;

/// <summary>DTFx's Azure Storage provider (2.11.3) on Azurite started here; one task hub per scenario.</summary>
internal sealed class AzureStorageBackend : IBenchBackend
{
    private Azurite? _azurite;
    private int _hubs;

    public string Name => "azurestorage";

    private Azurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task StartAsync()
    {
        Report.Progress("starting Azurite (in memory)");
        _azurite = await Azurite.StartAsync();
    }

    /// <summary>The provider's defaults except the polling interval: 1 s, like our MaxPollingInterval (its default,
    /// 30 s, would make an idle-then-busy queue look slower still). The worker id is fixed so partition leases are
    /// never waited for after a restart.</summary>
    public Task<IOrchestrationService> NewServiceAsync(string scenario, ILoggerFactory loggerFactory)
    {
        var hub = $"bench{new string(scenario.Where(char.IsLetterOrDigit).ToArray())}{Interlocked.Increment(ref _hubs)}";
        return Task.FromResult<IOrchestrationService>(new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(Azurite.ConnectionString),
            TaskHubName = hub,
            WorkerId = "bench",
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = loggerFactory,
        }));
    }

    /// <summary>Table entity inserts (one entity each, ~200 bytes) from <paramref name="concurrency"/> clients.</summary>
    public async Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration)
    {
        var table = new TableClient(Azurite.ConnectionString, $"benchceiling{Interlocked.Increment(ref _hubs)}");
        await table.CreateIfNotExistsAsync();
        var body = new string('x', 200);
        var perSecond = await CeilingLoop.RunAsync(concurrency, duration, (worker, n) =>
            table.AddEntityAsync(new TableEntity($"w{worker}", $"{n:D12}") { ["Body"] = body }));
        return new StoreCeiling(perSecond, $"table entity inserts/s, {concurrency} concurrent clients, Azurite in memory");
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
