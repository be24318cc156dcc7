using OrderCancellation.TestSupport;

namespace OrderCancellation.Store.Tests.Contract;

/// <summary>The contract on a real SQLite file (WAL), one file per store.</summary>
public sealed class SqliteContractTests : StoreContractTests
{
    private readonly List<SqliteTempFile> _files = [];

    protected override string Provider => "sqlite";

    protected override Task<string> CreateStoreAsync()
    {
        var file = new SqliteTempFile();
        _files.Add(file);
        return Task.FromResult(file.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
