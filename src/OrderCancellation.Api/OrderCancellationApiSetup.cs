using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderCancellation.Api.Activities;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Http;
using OrderCancellation.Api.Hosting;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Metrics;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.RateLimiting;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Api.Retention;
using OrderCancellation.Api.Runtime;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Store;

namespace OrderCancellation.Api;

/// <summary>The one registration both hosts share; each adds its own Durable Task engine and <see cref="IDurableClientSource"/>.</summary>
public static class OrderCancellationApiSetup
{
    /// <summary>
    /// Problem details and JSON, auth, the store (first: its schema is migrated before anything reads the tables), the
    /// read model, the orders area (policy, command gateway, reader), the activities' ports and the feeds. Waits for
    /// outcomes poll unless the host registers in-process <see cref="IInstanceSignals"/>.
    /// </summary>
    public static IServiceCollection AddOrderCancellationApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks();
        services.AddOrderCancellationInstruments();
        services.AddHttpApi();
        services.AddOrderCancellationAuth(configuration);
        services.AddStore(configuration);
        services.AddReadModel();
        services.AddOrders(configuration);
        services.AddActivities(configuration);
        services.AddFeeds(configuration);
        services.AddCallerRateLimits(configuration);
        services.AddRetention(configuration);
        services.TryAddSingleton<IInstanceSignals, NoInstanceSignals>();
        return services;
    }

    /// <summary>Every endpoint of DESIGN §5 (the Functions host maps the same handlers through its HTTP triggers).</summary>
    public static IEndpointRouteBuilder MapOrderCancellationApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        app.MapOrders();
        app.MapCancellationRate();
        app.MapRuntimeStatus();
        app.MapSubscriptionEndpoints();
        app.MapFeedEndpoints();
        return app;
    }
}
