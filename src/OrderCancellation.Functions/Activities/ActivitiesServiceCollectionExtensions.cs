using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCancellation.Durable;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Durable.Schema;
using OrderCancellation.Functions.Ledger;
using OrderCancellation.Functions.Notifications;

namespace OrderCancellation.Functions.Activities;

public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>The notifications component's tables: <c>notifications</c>, <c>webhook_subscriptions</c>, <c>webhook_deliveries</c>.</summary>
    public static SchemaComponent NotificationsSchema { get; } = new("notifications", typeof(ActivitiesServiceCollectionExtensions).Assembly, "OrderCancellation.Functions.Notifications.Schema");

    /// <summary>The ledger component's table: <c>ledger_entries</c>.</summary>
    public static SchemaComponent LedgerSchema { get; } = new("ledger", typeof(ActivitiesServiceCollectionExtensions).Assembly, "OrderCancellation.Functions.Ledger.Schema");

    /// <summary>
    /// The activity side of §4.6: handlers for <c>ReleaseAuthorization</c>, <c>CapturePayment</c>, <c>Restock</c>,
    /// <c>SendNotification</c> and <c>PublishOrderChange</c> (as <see cref="IActivityHandler"/>s), the notification store
    /// (<see cref="INotificationStore"/>), webhook subscriptions and delivery, the ledger, their schema components, and the
    /// options <c>Payments</c>, <c>Inventory</c> and <c>Webhooks</c> (validated at start). Needs <c>AddDurableRuntime</c>.
    /// </summary>
    public static IServiceCollection AddActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.SectionName))
            .Validate(o => o.IsValid(), "Payments:Endpoint must be an absolute http(s) URL when set, and Payments:Timeout positive.")
            .ValidateOnStart();
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName))
            .Validate(o => o.IsValid(), "Inventory:Endpoint must be an absolute http(s) URL when set, and Inventory:Timeout positive.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Concurrency >= 1, "Webhooks:Timeout must be positive and Webhooks:Concurrency at least 1.")
            .ValidateOnStart();

        services.AddHttpClient(LedgerGateway.PaymentsClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Timeout);
        services.AddHttpClient(LedgerGateway.InventoryClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<InventoryOptions>>().Value.Timeout);
        // Subscribers' URLs are the callers': do not follow their redirects elsewhere.
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        services.TryAddSingleton(TimeProvider.System);
        services.AddDurableSchema(NotificationsSchema);
        services.AddDurableSchema(LedgerSchema);

        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<INotificationStore>(sp => sp.GetRequiredService<NotificationStore>());
        services.TryAddSingleton<SubscriptionStore>();
        services.TryAddSingleton<DeliveryStore>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<LedgerGateway>();
        services.TryAddSingleton<OrderLookup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, LogNotificationSink>());

        services.AddSingleton<IActivityHandler, ReleaseAuthorizationHandler>();
        services.AddSingleton<IActivityHandler, CapturePaymentHandler>();
        services.AddSingleton<IActivityHandler, RestockHandler>();
        services.AddSingleton<IActivityHandler, SendNotificationHandler>();
        services.AddSingleton<IActivityHandler, PublishOrderChangeHandler>();
        return services;
    }
}
