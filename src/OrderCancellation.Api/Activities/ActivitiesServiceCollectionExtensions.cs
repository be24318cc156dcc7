using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Store;
using OrderCancellation.Workflow.Ports;
using OrderCancellation.Store.Schema;
using OrderCancellation.Api.Ledger;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Email;

namespace OrderCancellation.Api.Activities;

public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>The notifications component's tables: <c>notifications</c>, <c>webhook_subscriptions</c>, <c>webhook_deliveries</c>, <c>data_protection_keys</c>.</summary>
    public static SchemaComponent NotificationsSchema { get; } = new("notifications", typeof(ActivitiesServiceCollectionExtensions).Assembly, "OrderCancellation.Api.Notifications.Schema");

    /// <summary>The ledger component's table: <c>ledger_entries</c>.</summary>
    public static SchemaComponent LedgerSchema { get; } = new("ledger", typeof(ActivitiesServiceCollectionExtensions).Assembly, "OrderCancellation.Api.Ledger.Schema");

    /// <summary>
    /// The activity side of §4.6: the workflow's ports (notices, payments, inventory, ORDER_CHANGE), the notification store
    /// (<see cref="INotificationStore"/>), webhook subscriptions and delivery, the ledger, their schema components, and the
    /// options <c>Payments</c>, <c>Inventory</c> and <c>Webhooks</c> (validated at start). Needs <c>AddStore</c>.
    /// </summary>
    public static IServiceCollection AddActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.SectionName))
            .Validate(o => o.IsValid(), "Payments:Endpoint must be an absolute http(s) URL when set, and Payments:Timeout positive.")
            .ValidateOnStart();
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName))
            .Validate(o => o.IsValid(), "Inventory:Endpoint must be an absolute http(s) URL when set, and Inventory:Timeout positive.")
            .ValidateOnStart();

        services.AddHttpClient(LedgerGateway.PaymentsClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Timeout);
        services.AddHttpClient(LedgerGateway.InventoryClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<InventoryOptions>>().Value.Timeout);
        services.AddWebhooks(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreSchema(NotificationsSchema);
        services.AddStoreSchema(LedgerSchema);

        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<INotificationStore>(sp => sp.GetRequiredService<NotificationStore>());
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<LedgerGateway>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, LogNotificationSink>());
        services.AddEmail(configuration); // after the log sink: a notice is logged, then e-mailed when Email:Smtp:Host is set

        // The workflow's ports (OrderCancellation.Workflow.Ports), which its activities take from the worker's services.
        services.TryAddSingleton<NotificationPorts>();
        services.TryAddSingleton<INoticeStore>(sp => sp.GetRequiredService<NotificationPorts>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INoticeSink, NotificationPorts>(sp => sp.GetRequiredService<NotificationPorts>()));
        services.TryAddSingleton<LedgerPorts>();
        services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<LedgerPorts>());
        services.TryAddSingleton<IInventory>(sp => sp.GetRequiredService<LedgerPorts>());
        services.TryAddSingleton<IOrderChangePublisher, WebhookOrderChanges>();
        return services;
    }
}
