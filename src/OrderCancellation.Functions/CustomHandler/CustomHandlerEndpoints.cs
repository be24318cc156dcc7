using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>The endpoints the Azure Functions host calls when the app runs as its custom handler.</summary>
public static class CustomHandlerEndpoints
{
    public static WebApplicationBuilder AddCustomHandler(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CustomHandlerOptions>()
            .Bind(builder.Configuration.GetSection(CustomHandlerOptions.SectionName))
            .Validate(o => o.TickBudget > TimeSpan.Zero, "CustomHandler:TickBudget must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.TryAddScoped<IDurableTickWork, DurableRuntimeTickWork>();
        return builder;
    }

    public static WebApplication MapCustomHandlerEndpoints(this WebApplication app)
    {
        // The host's readiness probe: any answer on "/" means the handler is up.
        app.MapGet("/", () => TypedResults.Text("Order Cancellation")).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(CustomHandlerTrigger.FeedQueue.Path, FeedQueueTriggerEndpoint.HandleAsync)
            .WithMetadata(CustomHandlerTrigger.FeedQueue)
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost(CustomHandlerTrigger.FeedPoisonQueue.Path, FeedQueueTriggerEndpoint.HandlePoisonedAsync)
            .WithMetadata(CustomHandlerTrigger.FeedPoisonQueue)
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost(CustomHandlerTrigger.DurableTick.Path, DurableTickEndpoint.HandleAsync)
            .WithMetadata(CustomHandlerTrigger.DurableTick)
            .AllowAnonymous()
            .ExcludeFromDescription();

        return app;
    }
}
