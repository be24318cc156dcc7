using OrderCancellation.TestSupport;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Relational.Tests.Conformance.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance.Backends;

/// <summary>
/// The reference the Functions host runs: DTFx's Azure Storage provider (2.11.3) on Azurite. It manages about 10
/// orchestrations/s here, so its class runs the core scenarios only (<see cref="CoreScenarios{TBackend}"/>); the
/// full ones (chains, fan-out, 10,000 instances, restarts, purge...) are left to the in-memory reference and ours.
/// </summary>
public sealed class AzureStorageBackend : ConformanceBackend
{
    private Azurite? _azurite;

    public override string Name => "DTFx Azure Storage on Azurite (core scenarios only: a slow reference backend)";

    /// <summary>Its timers were seen firing up to about 1 s before their due time on this machine.</summary>
    public override BackendDeviations Deviations { get; } = new() { TimersMayFireEarlyBy = TimeSpan.FromSeconds(1.5) };

    public override async Task InitializeAsync() => _azurite = await Azurite.StartAsync();

    public override IOrchestrationService CreateService(ILoggerFactory loggerFactory) =>
        new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider((_azurite ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString),
            TaskHubName = "conformance",
            // The same worker id on every host: a new one waits for the old one's partition leases to expire (~30 s).
            WorkerId = "conformance-worker",
            PartitionCount = 1,
            // Default 30 s: an idle queue would otherwise be looked at twice a minute.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = loggerFactory,
        });

    public override async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

public sealed class AzureStorageConformance(AzureStorageBackend backend, ITestOutputHelper output) : CoreScenarios<AzureStorageBackend>(backend, output);
