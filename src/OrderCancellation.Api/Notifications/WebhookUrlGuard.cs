using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Keeps webhooks off our own network (server-side request forgery): a subscription URL must be https outside Development
/// and name a public address, checked when subscribing and again when each delivery connects (the name may resolve
/// elsewhere by then: DNS rebinding). <c>Webhooks:AllowPrivateNetworks</c> lifts the address rule, for receivers on a
/// private network and for tests; cloud metadata services stay refused even then.
/// </summary>
internal sealed class WebhookUrlGuard(IWebhookHostResolver resolver, IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    private bool RequireHttps => options.Value.RequireHttps ?? !environment.IsDevelopment();

    /// <summary>Why <paramref name="url"/> may not be subscribed, or null when it may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (RequireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            return "Only https URLs are accepted.";
        }

        return (await ResolveAsync(url.IdnHost, cancellationToken)).Refusal;
    }

    /// <summary>
    /// The delivery client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only
    /// when every address it resolves to is allowed, to those addresses (never resolving twice, so never to another).
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (addresses, refusal) = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (refusal is not null)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Refused to connect: {refusal}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.TrimStart('[').TrimEnd(']');
        var allowPrivate = options.Value.AllowPrivateNetworks;
        if (WebhookAddresses.IsMetadataName(host))
        {
            return ([], $"{host} is a cloud metadata service.");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                return ([], $"{host} does not resolve ({ex.SocketErrorCode}).");
            }
        }

        if (addresses.Length == 0)
        {
            return ([], $"{host} does not resolve.");
        }

        if (addresses.FirstOrDefault(WebhookAddresses.IsMetadata) is { } metadata)
        {
            return ([], $"{host} is or resolves to {metadata}, a cloud metadata service.");
        }

        // Every address must be public: a name answering one public and one private address could be steered to either.
        return !allowPrivate && addresses.FirstOrDefault(a => !WebhookAddresses.IsPublic(a)) is { } refused
            ? ([], $"{host} is or resolves to {refused}, which is not a public address.")
            : (addresses, null);
    }
}
