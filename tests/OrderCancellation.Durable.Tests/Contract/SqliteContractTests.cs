using OrderCancellation.TestSupport;

namespace OrderCancellation.Durable.Tests.Contract;

/// <summary>The contract on a real SQLite file (WAL), one file per test.</summary>
public sealed class SqliteContractTests : DurableContractTests
{
    private readonly SqliteTempFile _file = new();

    protected override string Provider => "sqlite";

    protected override Task<string> CreateStoreAsync() => Task.FromResult(_file.ConnectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}
