using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace DurableTask.Bench.Backends;

/// <summary>A store the same workload runs on: its server (started here, loopback only), a fresh task hub per
/// scenario, and its raw ceiling without any provider in between.</summary>
internal interface IBenchBackend : IAsyncDisposable
{
    /// <summary>"sqlite", "postgres" or "azurestorage", as printed in the JSON.</summary>
    string Name { get; }

    Task StartAsync();

    Task<StoreCeiling> MeasureCeilingAsync(int concurrency, TimeSpan duration);

    /// <summary>A provider over a new, empty task hub.</summary>
    Task<IOrchestrationService> NewServiceAsync(string scenario, ILoggerFactory loggerFactory);

    /// <summary>The provider's own wait for an instance to finish (Azure Storage polls it; ours wakes on local completions).</summary>
    Task<OrchestrationState?> WaitForCompletionAsync(IOrchestrationService service, string instanceId, TimeSpan timeout) =>
        ((IOrchestrationServiceClient)service).WaitForOrchestrationAsync(instanceId, null, timeout, CancellationToken.None);

    public static IBenchBackend Create(string name) => name switch
    {
        "sqlite" => new SqliteBackend(),
        "postgres" => new PostgresBackend(),
        "azurestorage" => new AzureStorageBackend(),
        _ => throw new ArgumentException($"unknown backend '{name}' (sqlite, postgres, azurestorage)"),
    };
}
