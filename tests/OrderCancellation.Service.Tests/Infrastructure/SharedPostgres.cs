using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL server for the whole test run, started on first use; every test host gets
/// its own database on it. Stopped when the test process exits.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        // PostgresServer.CreateDatabaseAsync cuts "{prefix}_{n}_{guid}" to 40 characters and throws when it is
        // shorter (a prefix under 7 characters with n < 10); this prefix keeps the name long enough.
        return await server.CreateDatabaseAsync("functions_app");
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
