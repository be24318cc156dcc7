using DurableTask.Bench.Backends;
using Microsoft.Extensions.Logging;

namespace DurableTask.Bench.Scenarios;

internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    /// <summary>Runs on one backend, prints its JSON lines and returns its headline figure (null if none).</summary>
    Task<double?> RunAsync(BenchRun run);
}

/// <summary>One scenario on one backend: the backend, its ceiling measured just before, and the options.</summary>
internal sealed record BenchRun(IBenchBackend Backend, StoreCeiling Ceiling, BenchOptions Options, ILoggerFactory LoggerFactory)
{
    public bool IsAzureStorage => Backend is AzureStorageBackend;

    public void Line(string scenario, MeasuredPeriod period, object values) => Report.Line(scenario, Backend.Name, Ceiling, period, values);
}
