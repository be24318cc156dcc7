using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderCancellation.Store.Hosting;
using OrderCancellation.Store.Queues;
using OrderCancellation.Store.Schema;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the app's store: options (<c>Store</c>, <c>ConnectionStrings:Store</c>; validated at start), the connections
    /// (<see cref="IStoreConnectionFactory"/>), <see cref="ISchemaMigrator"/> (run at start-up unless <c>Store:MigrateOnStart</c>
    /// is false), the embedded <see cref="IQueueTransport"/> (unless one is registered already) and a health check
    /// <c>store</c> tagged <c>ready</c>. Components add their tables with <see cref="AddStoreSchema"/>.
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Store") is { Length: > 0 } cs ? cs : o.ConnectionString)
            .Validate(o => o.Provider.Trim().ToLowerInvariant() is "sqlite" or "postgres" or "postgresql" or "npgsql", "Store:Provider must be 'sqlite' or 'postgres'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "ConnectionStrings:Store is required.")
            .Validate(o => o.SqliteSynchronous.ToUpperInvariant() is "NORMAL" or "FULL" or "EXTRA", "Store:SqliteSynchronous must be NORMAL, FULL or EXTRA.")
            .Validate(o => o.SqliteBusyTimeout > TimeSpan.Zero, "Store:SqliteBusyTimeout must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreConnectionFactory>();
        services.TryAddSingleton<IStoreConnectionFactory>(sp => sp.GetRequiredService<StoreConnectionFactory>());
        services.TryAddSingleton<ISchemaMigrator, SchemaMigrator>();
        services.TryAddSingleton<IQueueTransport, StoreQueueTransport>();

        // The first hosted service, whatever was registered before (Data Protection's loads its key ring from the store
        // at start): hosted services start in registration order, so the schema is in place before anything reads it.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SchemaMigration)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaMigration>());
        }
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Registers a component's schema scripts (e.g. the read model's tables), applied after the store's own at start-up
    /// by the same migrator. See <see cref="SchemaComponent"/> for the resource naming.
    /// </summary>
    public static IServiceCollection AddStoreSchema(this IServiceCollection services, SchemaComponent component)
    {
        services.AddSingleton(component);
        return services;
    }
}

/// <summary>Applies every registered component's schema at start-up (unless <c>Store:MigrateOnStart</c> is false).</summary>
internal sealed class SchemaMigration(ISchemaMigrator migrator, IOptions<StoreOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ? migrator.MigrateAllAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
