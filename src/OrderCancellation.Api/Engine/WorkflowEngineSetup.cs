using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Hosting;
using DurableTask.Relational;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Store.Storage;
using OrderCancellation.Workflow;

namespace OrderCancellation.Api.Engine;

public static class WorkflowEngineSetup
{
    /// <summary>
    /// The standalone host's Durable Task engine: the backend of <c>Workflow:Backend</c> as the DTFx
    /// <see cref="IOrchestrationService"/>, a worker running <see cref="OrderOrchestration"/> and its activities
    /// (options from the <c>Workflow</c> section, e.g. <c>Workflow:EffectMaxAttempts</c>), a <see cref="DurableTaskClient"/>
    /// over the same backend, and the <see cref="IInstanceSignals"/> the command gateway waits on.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowEngineOptions>().Bind(configuration.GetSection(WorkflowEngineOptions.SectionName))
            .Validate(o => o.IsValid, "Workflow:Backend must be 'relational' or 'azurestorage'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.TaskHub), "Workflow:TaskHub is required.")
            .Validate(o => o.LockTimeout >= TimeSpan.FromSeconds(10), "Workflow:LockTimeout must be at least 00:00:10 (DTFx renews leases every 5 s).")
            .Validate(o => !o.IsAzureStorage || !string.IsNullOrWhiteSpace(configuration["AzureWebJobsStorage"]), "Workflow:Backend 'azurestorage' needs AzureWebJobsStorage.")
            .ValidateOnStart();

        // The orchestration's options are read once: orchestrations replay, and the worker is built at registration.
        var workflow = configuration.GetSection(WorkflowEngineOptions.SectionName).Get<OrderWorkflowOptions>() ?? OrderWorkflowOptions.Default;
        if (!workflow.IsValid())
        {
            throw new OptionsValidationException(WorkflowEngineOptions.SectionName, typeof(OrderWorkflowOptions), ["The Workflow section's orchestration options are not valid (see OrderWorkflowOptions)."]);
        }

        services.AddSingleton(workflow);
        services.AddSingleton<IOrchestrationService>(CreateBackend);
        services.Replace(ServiceDescriptor.Singleton<IInstanceSignals>(sp => sp.GetRequiredService<IOrchestrationService>() is RelationalOrchestrationService relational
            ? new RelationalInstanceSignals(relational)
            : new NoInstanceSignals()));

        services.AddDurableTaskClient(b => b.UseOrchestrationService());
        services.AddSingleton<IDurableClientSource>(sp => new RegisteredDurableClient(sp.GetRequiredService<DurableTaskClient>()));
        services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r => r.AddOrderWorkflow(workflow));
            b.UseOrchestrationService(o => o.ShutdownTimeout = configuration.GetSection(WorkflowEngineOptions.SectionName).Get<WorkflowEngineOptions>()?.ShutdownTimeout ?? TimeSpan.FromSeconds(30));
        });
        return services;
    }

    private static IOrchestrationService CreateBackend(IServiceProvider services)
    {
        var engine = services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        if (engine.IsAzureStorage)
        {
            return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                StorageAccountClientProvider = new StorageAccountClientProvider(services.GetRequiredService<IConfiguration>()["AzureWebJobsStorage"]!),
                TaskHubName = engine.TaskHub,
                // A restarted host keeps its name, so it does not wait for its own partition leases to expire.
                WorkerId = Environment.MachineName,
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                LoggerFactory = loggers,
            });
        }

        var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return store.ParsedProvider == StoreProvider.Postgres
            ? new RelationalOrchestrationService(new PostgresProviderOptions { ConnectionString = store.ConnectionString, TaskHub = engine.TaskHub, LockTimeout = engine.LockTimeout }, loggers, time)
            : new RelationalOrchestrationService(new SqliteProviderOptions { ConnectionString = StoreConnectionFactory.EnsureSqliteFolder(EngineFile(store.ConnectionString)), TaskHub = engine.TaskHub, LockTimeout = engine.LockTimeout }, loggers, time);
    }

    /// <summary>
    /// On SQLite the provider keeps its own file beside the app's (<c>data/order-cancellation.db</c> →
    /// <c>data/order-cancellation.durable.db</c>): SQLite has one writer per file, and the provider's group commit and the
    /// app's writer taking turns on one file cost about three quarters of the throughput (bench: 79 → 311 HTTP cancels/s
    /// at 16 clients). An in-memory or URI data source is used as it is.
    /// </summary>
    internal static string EngineFile(string storeConnectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storeConnectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return storeConnectionString;
        }

        builder.DataSource = Path.Combine(Path.GetDirectoryName(source) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(source)}.durable{Path.GetExtension(source)}");
        return builder.ConnectionString;
    }
}
