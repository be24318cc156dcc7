using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Store.Queues;
using OrderCancellation.Store.Schema;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store.Tests.Support;

/// <summary>A real host around the store as the app registers it (<c>AddStore</c>: options validated and schema migrated at start), on a real database.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IQueueTransport Queue => Services.GetRequiredService<IQueueTransport>();

    public ISchemaMigrator Migrator => Services.GetRequiredService<ISchemaMigrator>();

    public IStoreConnectionFactory Connections => Services.GetRequiredService<IStoreConnectionFactory>();

    public static async Task<TestHost> StartAsync(
        string provider,
        string connectionString,
        TimeProvider? time = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = provider,
            ["ConnectionStrings:Store"] = connectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddStore(builder.Configuration);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await DisposeHostAsync(host);
            throw;
        }

        return new TestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await DisposeHostAsync(_host);
    }

    // The connection factory is only IAsyncDisposable: dispose the container asynchronously.
    private static async ValueTask DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
