using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Functions.Feeds.Queues;

public static class AzureStorageQueueServiceCollectionExtensions
{
    /// <summary>The configuration key that selects the Azure Storage queue (as in Azure Functions).</summary>
    public const string ConnectionStringKey = "AzureWebJobsStorage";

    /// <summary>
    /// When <c>AzureWebJobsStorage</c> is set, registers <see cref="AzureStorageQueueTransport"/> (singleton,
    /// with a named <see cref="HttpClient"/>) and returns true; otherwise registers nothing and returns
    /// false. Does not register <c>IQueueTransport</c>: hosting chooses between this and the store queue.
    /// </summary>
    /// <exception cref="FormatException">The connection string is set but unusable (fails at start-up, not at first use).</exception>
    public static bool TryAddAzureStorageQueueTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        services.AddAzureStorageQueueTransport(StorageConnectionString.Parse(connectionString));
        return true;
    }

    public static IServiceCollection AddAzureStorageQueueTransport(this IServiceCollection services, StorageConnectionString account, AzureStorageQueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        services.AddHttpClient(AzureStorageQueueTransport.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AzureStorageQueueTransport(
            sp.GetRequiredService<IHttpClientFactory>(),
            account,
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<AzureStorageQueueTransport>>()));
        return services;
    }
}
