using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Service.Tests.Infrastructure;

/// <summary>
/// The webhooks' name resolver in tests, without the network: a name resolves to what a test mapped it to (and may be
/// remapped between subscribing and delivering, as DNS rebinding does); any other name to <see cref="PublicAddress"/>.
/// </summary>
public sealed class StaticHostResolver : IWebhookHostResolver
{
    /// <summary>A public address (nothing connects to it: the tests that deliver map their names to the local receiver).</summary>
    public static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.215.14");

    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the app's resolver with a new one, which the test reads back from the services.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<StaticHostResolver>();
        services.AddSingleton<IWebhookHostResolver>(sp => sp.GetRequiredService<StaticHostResolver>());
    }

    /// <summary>From now on <paramref name="host"/> resolves to <paramref name="addresses"/> (none: it does not resolve).</summary>
    public void Map(string host, params string[] addresses) => _names[host] = [.. addresses.Select(IPAddress.Parse)];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        !_names.TryGetValue(host, out var addresses) ? Task.FromResult<IPAddress[]>([PublicAddress])
        : addresses.Length > 0 ? Task.FromResult(addresses)
        : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
