using OrderCancellation.Store.Tests.Support;

namespace OrderCancellation.Store.Tests.Contract;

/// <summary>The contract on a real PostgreSQL server started by the test run, one database per store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests(PostgresFixture postgres) : StoreContractTests
{
    protected override string Provider => "postgres";

    protected override Task<string> CreateStoreAsync() => postgres.Server.CreateDatabaseAsync("contract");
}
