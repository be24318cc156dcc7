using OrderCancellation.TestSupport;
namespace OrderCancellation.Service.Tests.Infrastructure;

/// <summary>
/// One app per test class and store, shared by its tests (each test works on its own orders). Activity
/// retries are pushed out of the test's time frame: the handlers belong to the activities area, and a
/// retry storm would only add noise to histories.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    private ServiceHost? _host;

    public abstract StoreKind Store { get; }

    public ServiceHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public static Dictionary<string, string?> QuietActivities() => new()
    {
        ["Workflow:EffectFirstRetryInterval"] = "00:10:00",
        ["Workflow:EffectMaxRetryInterval"] = "00:10:00",
    };

    protected virtual IDictionary<string, string?> Settings => QuietActivities();

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        _host = await ServiceHost.StartAsync(Store, Settings);

        // The first requests compile the whole path (JIT); tests with windows of seconds must not pay for it.
        using var client = _host.CreateClient();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        ready.EnsureSuccessStatusCode();
        await Orders.OrderApi.WarmUpAsync(_host);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await AfterStopAsync();
    }

    /// <summary>Starts what the host needs besides its store (e.g. Azurite).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    protected virtual Task AfterStopAsync() => Task.CompletedTask;
}

public sealed class SqliteHost : HostFixture
{
    public override StoreKind Store => StoreKind.Sqlite;
}

public sealed class PostgresHost : HostFixture
{
    public override StoreKind Store => StoreKind.Postgres;
}

/// <summary>
/// The standalone host on DTFx's Azure Storage provider (<c>Workflow:Backend=azurestorage</c>) over a real Azurite, the
/// app's tables on SQLite: the reference backend of the Functions host, for a subset of the HTTP suite. It is slow
/// (≈ 10 orchestrations/s here), so commands get 60 s before the edge answers 202.
/// </summary>
public sealed class AzureStorageBackendHost : HostFixture
{
    private Azurite? _azurite;

    public override StoreKind Store => StoreKind.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuietActivities())
    {
        ["Workflow:Backend"] = "azurestorage",
        ["Workflow:TaskHub"] = "httptests",
        ["AzureWebJobsStorage"] = (_azurite ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString,
        ["Orders:AnswerTimeout"] = "00:01:00",
    };

    protected override async Task BeforeStartAsync() => _azurite = await Azurite.StartAsync();

    protected override async Task AfterStopAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
