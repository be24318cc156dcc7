using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Notifications;

/// <summary>Webhook subscriptions and their delivery, registered by <c>AddActivities</c> in both hosts.</summary>
public static class WebhooksSetup
{
    /// <summary>The Data Protection application name: both hosts and every instance share one key ring and read each other's secrets.</summary>
    public const string DataProtectionApplicationName = "order-cancellation";

    /// <summary>
    /// The <c>Webhooks</c> options (validated at start), the URL guard and its resolver, the delivery client (no redirects,
    /// every connection through the guard), the subscription, delivery and secret stores, and Data Protection with its keys
    /// in the store. A host may add its own key encryption (<c>AddDataProtection().ProtectKeysWith…</c>).
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.Timeout > TimeSpan.Zero, "Webhooks:Timeout must be positive.")
            .Validate(o => o.MaxSubscriptionsPerOwner >= 1, "Webhooks:MaxSubscriptionsPerOwner must be at least 1.")
            .ValidateOnStart();

        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.TryAddSingleton<WebhookUrlGuard>();
        // Subscribers' URLs are the callers': never follow their redirects elsewhere, and connect only where the guard allows.
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookUrlGuard>().ConnectAsync,
            });

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.TryAddSingleton<StoreXmlRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<StoreXmlRepository>((o, repository) => o.XmlRepository = repository);

        services.TryAddSingleton<SubscriptionSecrets>();
        services.TryAddSingleton<SubscriptionStore>();
        services.TryAddSingleton<DeliveryStore>();
        services.TryAddSingleton<WebhookDispatcher>();
        return services;
    }
}
