using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderCancellation.Store;
using OrderCancellation.Store.Schema;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Processing;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Feeds.Submitting;

namespace OrderCancellation.Api.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>The feed tables (<c>Feeds/Schema/{Sqlite,Postgres}/NNNN-*.sql</c>), applied after the runtime's.</summary>
    public static SchemaComponent Schema { get; } = new("feeds", typeof(FeedsServiceCollectionExtensions).Assembly, "OrderCancellation.Api.Feeds.Schema");

    /// <summary>
    /// Feed ingestion (§7): options (<c>Feeds</c>, validated at start), the feed tables, the store, the
    /// processor, <see cref="IFeedMessageHandler"/> (for a host queue trigger and the
    /// in-process consumer), the queue (Azure Storage when <c>AzureWebJobsStorage</c> is set, else the embedded
    /// store queue) and the in-process consumer (off under the Functions host). Needs the durable runtime
    /// (<c>AddStore</c>) and the orders area's command service for <see cref="IFeedCancellations"/>.
    /// </summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedsOptions>()
            .Bind(configuration.GetSection(FeedsOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.QueueName), "Feeds:QueueName is required.")
            .Validate(o => o.MaxDocumentBytes > 0, "Feeds:MaxDocumentBytes must be positive.")
            .Validate(o => o.BatchSize >= 1 && o.RecordConcurrency is null or >= 1 && o.MaxConcurrentMessages >= 1 && o.MaxConcurrentMessages <= 32, "Feeds:BatchSize, RecordConcurrency must be at least 1 and MaxConcurrentMessages 1 to 32.")
            .Validate(o => o.VisibilityTimeout >= TimeSpan.FromMilliseconds(100) && o.VisibilityTimeout <= TimeSpan.FromDays(7), "Feeds:VisibilityTimeout must be between 100 ms and 7 days.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Feeds:PollInterval must be positive.")
            .Validate(o => o.MaxDequeueCount >= 1, "Feeds:MaxDequeueCount must be at least 1.")
            .Validate(o => o.LimitsAreValid(), "Feeds:MaxBytesPerSellerPerDay must be at least Feeds:MaxDocumentBytes, and Feeds:MaxErrorRowsPerReport at least 1.")
            .ValidateOnStart();

        services.AddStoreSchema(Schema);
        services.TryAddAzureStorageQueueTransport(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeedStore>();
        services.TryAddSingleton<FeedQueue>();
        services.TryAddSingleton<FeedSubmissions>();
        services.TryAddSingleton<FeedBatchApplier>();
        services.TryAddSingleton<FeedProcessor>();
        services.TryAddSingleton<FeedMessageHandler>();
        services.TryAddSingleton<IFeedMessageHandler>(sp => sp.GetRequiredService<FeedMessageHandler>());
        services.TryAddSingleton<IFeedCancellations, OrderCommandFeedCancellations>();
        services.AddHostedService<FeedQueueConsumer>();
        return services;
    }
}
