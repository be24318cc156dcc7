using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.Retention;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Workflow;

namespace OrderCancellation.Functions.Hosting;

/// <summary>
/// What the Functions host adds to the shared registration (<c>AddOrderCancellationApi</c>), in place of the standalone
/// host's <c>AddWorkflowEngine</c>: the Durable Task engine is the Functions host's own (host.json
/// <c>extensions.durableTask</c>), so this host only hands out its bindings' clients and the orchestration's options.
/// </summary>
public static class FunctionsHostSetup
{
    public static IServiceCollection AddFunctionsHost(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Each invocation's [DurableClient] binding is the client the shared code uses.
        services.AddSingleton<IDurableClientSource, BindingDurableClient>();

        // The orchestration's options, from the Workflow section as the standalone host reads them (bound when first
        // needed, so configuration added after registration counts), validated at start.
        services.AddOptions<OrderWorkflowOptions>()
            .Bind(configuration.GetSection(WorkflowEngineOptions.SectionName))
            .Validate(o => o.IsValid(), "The Workflow section's orchestration options are not valid (see OrderWorkflowOptions).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrderWorkflowOptions>>().Value);

        // Feeds: the host's queue trigger delivers, so the in-process consumer stays off; the app must send where the
        // trigger listens, on the host's storage account (the embedded store queue would never be read here).
        services.PostConfigure<FeedsOptions>(o => o.ConsumerEnabled = false);
        services.AddOptions<FeedsOptions>()
            .Validate(o => o.QueueName == FeedFunctions.QueueName, $"Feeds:QueueName must be '{FeedFunctions.QueueName}' under the Functions host (the queue its trigger listens on).")
            .Validate(_ => !string.IsNullOrWhiteSpace(configuration[AzureStorageQueueServiceCollectionExtensions.ConnectionStringKey]), "AzureWebJobsStorage must be a connection string under the Functions host: feeds are queued on its storage account.");

        // The background loops are timer functions here (MaintenanceFunctions): the pending-command scan needs the
        // binding's client, and a hosted loop stops whenever the plan scales the app to zero.
        services.PostConfigure<OrdersOptions>(o => o.PendingCommandsScanEnabled = false);
        foreach (var loop in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RetentionService)).ToList())
        {
            services.Remove(loop);
        }

        services.AddSingleton<OpenApiDocuments>();
        return services;
    }
}
