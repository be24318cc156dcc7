using OrderCancellation.TestSupport;

namespace DurableTask.Relational.Tests.Provider;

/// <summary>Where a provider test's task hub lives: a temp SQLite file, or a schema on a throwaway PostgreSQL
/// server (one per test class). <see cref="Create"/> opens a new service object as a worker with its own id.</summary>
public abstract class ProviderStore : IAsyncLifetime
{
    public abstract RelationalOrchestrationService Create(string workerId, TimeSpan? lockTimeout = null);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SqliteProviderStore : ProviderStore
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dt-provider-{Guid.NewGuid():N}.db");

    public override RelationalOrchestrationService Create(string workerId, TimeSpan? lockTimeout = null) =>
        new(new SqliteProviderOptions { ConnectionString = $"Data Source={_path}", WorkerId = workerId, LockTimeout = lockTimeout ?? TimeSpan.FromMinutes(1) });

    public override Task DisposeAsync()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresProviderStore : ProviderStore
{
    private PostgresServer? _server;

    public override RelationalOrchestrationService Create(string workerId, TimeSpan? lockTimeout = null) =>
        new(new PostgresProviderOptions { ConnectionString = _server!.ConnectionString(), WorkerId = workerId, LockTimeout = lockTimeout ?? TimeSpan.FromMinutes(1) });

    public override async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
