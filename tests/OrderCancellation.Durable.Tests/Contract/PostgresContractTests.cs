using OrderCancellation.Durable.Tests.Support;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>The contract on a real PostgreSQL server started by the test run, one database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests(PostgresFixture postgres) : DurableContractTests
{
    protected override string Provider => "postgres";

    protected override Task<string> CreateStoreAsync() => postgres.Server.CreateDatabaseAsync("contract");
}
