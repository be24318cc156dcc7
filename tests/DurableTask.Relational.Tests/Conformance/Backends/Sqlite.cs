using DurableTask.Core;
using Microsoft.Extensions.Logging;
using OrderCancellation.TestSupport;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance.Backends;

/// <summary>Our provider on SQLite: one temp database file for the class; every host opens a new service on it.</summary>
public sealed class SqliteBackend : ConformanceBackend
{
    private readonly SqliteTempFile _file = new("conformance.db");

    public override string Name => "DurableTask.Relational on SQLite";

    public override IOrchestrationService CreateService(ILoggerFactory loggerFactory) =>
        new RelationalOrchestrationService(new SqliteProviderOptions { ConnectionString = _file.ConnectionString, TaskHub = "conformance" }, loggerFactory);

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteConformance(SqliteBackend backend, ITestOutputHelper output) : FullScenarios<SqliteBackend>(backend, output);
