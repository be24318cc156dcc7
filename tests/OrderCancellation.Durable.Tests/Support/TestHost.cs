using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Queues;
using OrderCancellation.Durable.Runtime;

namespace OrderCancellation.Durable.Tests.Support;

/// <summary>A real host around the runtime (DI, options, migration at start, pollers when asked), on a real store.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IDurableRuntime Runtime => Services.GetRequiredService<IDurableRuntime>();

    public IQueueTransport Queue => Services.GetRequiredService<IQueueTransport>();

    public RecordingActivity Activity => (RecordingActivity)Services.GetServices<IActivityHandler>().First(h => h.Name == RecordingActivity.DefaultName);

    internal ActivityRunner Activities => Services.GetRequiredService<ActivityRunner>();

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
            ["Durable:PollersEnabled"] = "false",
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

        builder.Services.AddDurableRuntime(builder.Configuration);
        builder.Services.AddSingleton<IWorkflow, CounterWorkflow>();
        builder.Services.AddSingleton<IActivityHandler>(new RecordingActivity());
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
