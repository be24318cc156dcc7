using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderCancellation.Store;
using OrderCancellation.Store.Storage;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>
/// A container's environment variables read as the app reads them (<c>__</c> for <c>:</c>), through the app's own
/// registrations, so a renamed key or section fails here rather than in a container nobody started.
/// </summary>
internal static class ContainerSettings
{
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();

    /// <summary>The store options the app's <c>AddStore</c> binds from this environment.</summary>
    public static StoreOptions Store(IReadOnlyDictionary<string, string> environment)
    {
        using var services = new ServiceCollection().AddLogging().AddStore(Configuration(environment)).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StoreOptions>>().Value;
    }
}
