using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace OrderCancellation.Api.Feeds.Queues;

public static class AzureStorageQueueServiceCollectionExtensions
{
    /// <summary>The configuration key that selects the Azure Storage queue (as in Azure Functions).</summary>
    public const string ConnectionStringKey = "AzureWebJobsStorage";

    /// <summary>
    /// When <c>AzureWebJobsStorage</c> is set, registers <see cref="AzureStorageQueueTransport"/> (singleton) and returns
    /// true; otherwise registers nothing and returns false. Does not register <c>IQueueTransport</c>: hosting chooses
    /// between this and the store queue.
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

        services.AddAzureStorageQueueTransport(connectionString);
        return true;
    }

    /// <exception cref="FormatException">The connection string is unusable (checked here, not at first use).</exception>
    public static IServiceCollection AddAzureStorageQueueTransport(this IServiceCollection services, string connectionString, AzureStorageQueueOptions? options = null)
    {
        AzureStorageQueueTransport.ValidateConnectionString(connectionString);
        services.TryAddSingleton(sp => new AzureStorageQueueTransport(
            connectionString,
            options,
            sp.GetService<ILogger<AzureStorageQueueTransport>>()));
        return services;
    }
}
