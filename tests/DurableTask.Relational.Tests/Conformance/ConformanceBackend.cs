using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace DurableTask.Relational.Tests.Conformance;

/// <summary>
/// One store the conformance suite runs on, shared by the tests of one class (xunit class fixture). Tests
/// keep apart through their own instance-id prefixes, and run one after another within the class.
/// </summary>
public abstract class ConformanceBackend : IAsyncLifetime
{
    public abstract string Name { get; }

    public virtual BackendDeviations Deviations => BackendDeviations.None;

    /// <summary>
    /// A fresh service object over this backend's store: the suite makes one per host, so a restart is a new
    /// object reading what the previous one wrote. The host disposes it (IAsyncDisposable or IDisposable) on stop,
    /// unless <see cref="BackendDeviations.RestartKeepsTheServiceObject"/> says the object is the store.
    /// </summary>
    public abstract IOrchestrationService CreateService(ILoggerFactory loggerFactory);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
