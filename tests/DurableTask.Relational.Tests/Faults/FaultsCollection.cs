using OrderCancellation.TestSupport;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// The fault tests run one after another (each starts worker processes that want both cores) and share one
/// throwaway PostgreSQL server; every test gets its own database or SQLite file.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsPostgres>
{
    public const string Name = "faults";
}

public sealed class FaultsPostgres : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
