using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OrderCancellation.Api.Activities;
using OrderCancellation.Api.Ledger;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Store;
using OrderCancellation.TestSupport;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Activities.Support;

/// <summary>
/// The app's adapters of the workflow's ports, as the app registers them (<c>AddStore</c> + <c>AddActivities</c>), over a
/// real store (a SQLite temp file or a fresh PostgreSQL database, migrated at start), without the engine: a test calls
/// a port the way an activity does, and calls it again the way a retried activity does. One extra notice sink records
/// what it is given.
/// </summary>
internal sealed class PortHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly SqliteTempFile? _sqlite;

    private PortHost(IHost host, SqliteTempFile? sqlite)
    {
        _host = host;
        _sqlite = sqlite;
    }

    public IServiceProvider Services => _host.Services;

    public INoticeStore NoticeStore => Services.GetRequiredService<INoticeStore>();

    public IReadOnlyList<INoticeSink> NoticeSinks => [.. Services.GetServices<INoticeSink>()];

    public IPaymentGateway Payments => Services.GetRequiredService<IPaymentGateway>();

    public IInventory Inventory => Services.GetRequiredService<IInventory>();

    public IOrderChangePublisher OrderChanges => Services.GetRequiredService<IOrderChangePublisher>();

    public NotificationStore Notices => Services.GetRequiredService<NotificationStore>();

    public LedgerStore Ledger => Services.GetRequiredService<LedgerStore>();

    public SubscriptionStore Subscriptions => Services.GetRequiredService<SubscriptionStore>();

    public DeliveryStore Deliveries => Services.GetRequiredService<DeliveryStore>();

    public RecordingSink Sink => Services.GetRequiredService<RecordingSink>();

    public static async Task<PortHost> StartAsync(StoreKind store, IDictionary<string, string?>? settings = null)
    {
        var sqlite = store == StoreKind.Sqlite ? new SqliteTempFile() : null;
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Store:Provider"] = store == StoreKind.Sqlite ? "sqlite" : "postgres",
                ["ConnectionStrings:Store"] = sqlite?.ConnectionString ?? await SharedPostgres.CreateDatabaseAsync(),
                ["Webhooks:Timeout"] = "00:00:05",
                ["Webhooks:AllowPrivateNetworks"] = "true", // the receiver is on 127.0.0.1
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Services.AddLogging();
            builder.Services.AddStore(builder.Configuration);
            builder.Services.AddActivities(builder.Configuration);
            StaticHostResolver.Register(builder.Services);
            builder.Services.AddSingleton<RecordingSink>();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, RecordingSink>(sp => sp.GetRequiredService<RecordingSink>()));
            var host = builder.Build();
            await host.StartAsync(); // migrates the schema
            return new PortHost(host, sqlite);
        }
        catch
        {
            sqlite?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _sqlite?.Dispose();
    }

    /// <summary>A notice sink that keeps what it is handed.</summary>
    public sealed class RecordingSink : INotificationSink
    {
        private readonly ConcurrentQueue<(string OrderId, StoredNotification Notice)> _received = new();

        public IReadOnlyList<(string OrderId, StoredNotification Notice)> Received => [.. _received];

        public Task DeliverAsync(string orderId, StoredNotification notice, CancellationToken cancellationToken)
        {
            _received.Enqueue((orderId, notice));
            return Task.CompletedTask;
        }
    }
}
