using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable.Hosting;
using OrderCancellation.Durable.Queues;
using OrderCancellation.Durable.Runtime;
using OrderCancellation.Durable.Schema;
using OrderCancellation.Durable.Storage;

namespace OrderCancellation.Durable;

public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable runtime: options (<c>Store</c>, <c>ConnectionStrings:Store</c>, <c>Durable</c>; validated at
    /// start), the store (<see cref="IStoreConnectionFactory"/>), <see cref="ISchemaMigrator"/> (run at start-up when
    /// <c>Durable:MigrateOnStart</c>), <see cref="IDurableRuntime"/>, the embedded <see cref="IQueueTransport"/> (unless one is
    /// registered already), the timer/activity/purge pollers (when <c>Durable:PollersEnabled</c>), and a health check
    /// <c>durable-store</c> tagged <c>ready</c>. Register workflows as <see cref="IWorkflow"/>, activity handlers as
    /// <see cref="Activities.IActivityHandler"/>, and the app's own schema with <see cref="AddDurableSchema"/>.
    /// </summary>
    public static IServiceCollection AddDurableRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Store") is { Length: > 0 } cs ? cs : o.ConnectionString)
            .Validate(o => o.Provider.Trim().ToLowerInvariant() is "sqlite" or "postgres" or "postgresql" or "npgsql", "Store:Provider must be 'sqlite' or 'postgres'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "ConnectionStrings:Store is required.")
            .Validate(o => o.SqliteSynchronous.ToUpperInvariant() is "NORMAL" or "FULL" or "EXTRA", "Store:SqliteSynchronous must be NORMAL, FULL or EXTRA.")
            .Validate(o => o.SqliteBusyTimeout > TimeSpan.Zero, "Store:SqliteBusyTimeout must be positive.")
            .ValidateOnStart();

        services.AddOptions<DurableOptions>()
            .Bind(configuration.GetSection(DurableOptions.SectionName))
            .Validate(o => o.TimerPollInterval > TimeSpan.Zero && o.ActivityPollInterval > TimeSpan.Zero && o.PurgeInterval > TimeSpan.Zero, "Durable poll intervals must be positive.")
            .Validate(o => o.ActivityLease >= TimeSpan.FromSeconds(1), "Durable:ActivityLease must be at least 1 second.")
            .Validate(o => o.MaxActivityAttempts >= 1, "Durable:MaxActivityAttempts must be at least 1.")
            .Validate(o => o.ActivityRetryBaseDelay >= TimeSpan.Zero && o.ActivityRetryMaxDelay >= o.ActivityRetryBaseDelay, "Durable:ActivityRetryBaseDelay must be >= 0 and <= ActivityRetryMaxDelay.")
            .Validate(o => o.TimerBatchSize >= 1 && o.ActivityBatchSize >= 1 && o.ActivityConcurrency >= 1 && o.PurgeBatchSize >= 1, "Durable batch sizes and concurrency must be at least 1.")
            .Validate(o => o.Retention > TimeSpan.Zero, "Durable:Retention must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreConnectionFactory>();
        services.TryAddSingleton<IStoreConnectionFactory>(sp => sp.GetRequiredService<StoreConnectionFactory>());
        services.TryAddSingleton<ISchemaMigrator, SchemaMigrator>();
        services.TryAddSingleton<WorkSignals>();
        services.TryAddSingleton<WorkflowCatalog>();
        services.TryAddSingleton<SqliteGroupCommit>();
        services.TryAddSingleton<StepExecutor>();
        services.TryAddSingleton<InstanceReader>();
        services.TryAddSingleton<TimerRunner>();
        services.TryAddSingleton<ActivityRunner>();
        services.TryAddSingleton<Purger>();
        services.TryAddSingleton<IDurableRuntime, DurableRuntime>();
        services.TryAddSingleton<IQueueTransport, StoreQueueTransport>();

        // Hosted services start in registration order: the schema first, then the pollers.
        services.AddHostedService<DurableHostedServices>();

        services.AddHealthChecks().AddCheck<StoreHealthCheck>("durable-store", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Registers another component's schema scripts (e.g. the app's own tables), applied after the runtime's
    /// at start-up by the same migrator. See <see cref="SchemaComponent"/> for the resource naming.
    /// </summary>
    public static IServiceCollection AddDurableSchema(this IServiceCollection services, SchemaComponent component)
    {
        services.AddSingleton(component);
        return services;
    }
}

/// <summary>
/// Starts, in order, the migration (when enabled) and the pollers (when enabled), reading the options at
/// start so that configuration decides and validation has run.
/// </summary>
internal sealed class DurableHostedServices(IServiceProvider services, IOptions<DurableOptions> options) : Microsoft.Extensions.Hosting.IHostedService
{
    private Microsoft.Extensions.Hosting.IHostedService[] _started = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.MigrateOnStart)
        {
            await services.GetRequiredService<ISchemaMigrator>().MigrateAllAsync(cancellationToken);
        }

        if (o.PollersEnabled)
        {
            Microsoft.Extensions.Hosting.IHostedService[] pollers =
            [
                ActivatorUtilities.CreateInstance<TimerPoller>(services),
                ActivatorUtilities.CreateInstance<ActivityPoller>(services),
                ActivatorUtilities.CreateInstance<PurgePoller>(services),
            ];
            _started = pollers;
            foreach (var poller in pollers)
            {
                await poller.StartAsync(cancellationToken);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Two callers can stop the host at once (a host run with RunAsync stops itself when its lifetime fires while
        // whoever disposes it stops it too): the first takes the pollers, a later one finds none left.
        var started = Interlocked.Exchange(ref _started, []);
        foreach (var poller in Enumerable.Reverse(started))
        {
            await poller.StopAsync(cancellationToken);
        }

        foreach (var poller in started.OfType<IDisposable>())
        {
            poller.Dispose();
        }
    }
}
