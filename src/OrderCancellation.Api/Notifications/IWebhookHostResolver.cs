using System.Net;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Resolves a subscriber's host name, when it subscribes and again before each connection (so a name that later points at
/// a private address is caught). A seam so tests can make a name resolve where they need without the network.
/// </summary>
public interface IWebhookHostResolver
{
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
internal sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
