using DurableTask.Core;
using DurableTask.Relational.Tests.Conformance.Support;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance.Backends;

/// <summary>
/// The reference with the least machinery: the in-process test host's in-memory service (InProcessTestHost
/// 0.2.3-preview.1), its concurrency cap raised. The store is the object, so it is one object for the class.
/// </summary>
public sealed class InMemoryBackend : ConformanceBackend
{
    private readonly IOrchestrationService _service =
        new RaisedConcurrencyService<InMemoryOrchestrationService>(new InMemoryOrchestrationService(), maxConcurrentWorkItems: 256);

    public override string Name => "in-memory (InProcessTestHost)";

    public override BackendDeviations Deviations { get; } = new()
    {
        RestartKeepsTheServiceObject = "its store is the memory of the object, so a new object would be empty; the hosts restart over the same object",
        HistoryUnavailable = "InMemoryOrchestrationService.GetOrchestrationHistoryAsync throws NotImplementedException",
    };

    public override IOrchestrationService CreateService(ILoggerFactory loggerFactory) => _service;
}

public sealed class InMemoryConformance(InMemoryBackend backend, ITestOutputHelper output) : FullScenarios<InMemoryBackend>(backend, output);
