namespace OrderCancellation.Store.Storage;

/// <summary>Which database holds the app's tables (and, on the standalone host, the Durable Task provider's): <c>Store:Provider</c> and <c>ConnectionStrings:Store</c>.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    public const string DefaultConnectionString = "Data Source=data/order-cancellation.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>From <c>ConnectionStrings:Store</c>. Default <c>Data Source=data/order-cancellation.db</c> (the folder is created).</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>SQLite <c>PRAGMA synchronous</c>: <c>NORMAL</c> (default; survives kill -9 in WAL mode, may lose the
    /// last commits on power loss) or <c>FULL</c> (fsync on every commit).</summary>
    public string SqliteSynchronous { get; set; } = "NORMAL";

    /// <summary>Apply the schema scripts at start-up (default true). Turn off where a deployment step migrates instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>SQLite busy timeout, for other processes on the same file. Default 00:00:30.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public StoreProvider ParsedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StoreProvider.Postgres,
        _ => throw new InvalidOperationException($"Store:Provider '{Provider}' is not 'sqlite' or 'postgres'."),
    };
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
