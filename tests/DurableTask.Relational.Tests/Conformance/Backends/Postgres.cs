using DurableTask.Core;
using Microsoft.Extensions.Logging;
using OrderCancellation.TestSupport;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance.Backends;

/// <summary>Our provider on PostgreSQL: a throwaway server and database for the class, the provider in schema <c>dt</c>.</summary>
public sealed class PostgresBackend : ConformanceBackend
{
    private PostgresServer? _server;
    private string? _connectionString;

    public override string Name => "DurableTask.Relational on PostgreSQL";

    public override async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync("conformance");
    }

    public override IOrchestrationService CreateService(ILoggerFactory loggerFactory) =>
        new RelationalOrchestrationService(
            new PostgresProviderOptions
            {
                ConnectionString = _connectionString ?? throw new InvalidOperationException("The server is not started."),
                Schema = "dt",
                TaskHub = "conformance",
            },
            loggerFactory);

    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class PostgresConformance(PostgresBackend backend, ITestOutputHelper output) : FullScenarios<PostgresBackend>(backend, output);
