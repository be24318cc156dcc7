using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Hosting;

/// <summary>The operations of <c>/openapi/v1.json</c> keyed <c>"METHOD /path"</c>, and the app's API endpoints keyed the same way.</summary>
internal sealed class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private OpenApiOperations(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public IReadOnlyDictionary<string, JsonElement> ByKey => Methods
        .SelectMany(method => Root.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty(method, out _))
            .Select(path => (Key: $"{method.ToUpperInvariant()} {path.Name}", Operation: path.Value.GetProperty(method))))
        .ToDictionary(o => o.Key, o => o.Operation, StringComparer.Ordinal);

    public static async Task<OpenApiOperations> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return new OpenApiOperations(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static IReadOnlySet<int> Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>
    /// The API's endpoints (DESIGN §5) as the document should list them: not the pages (group <c>pages</c>), the
    /// development-only tools (<c>/dev/…</c>, <c>/scalar</c>), the Prometheus scrape or the document itself. Health
    /// probes accept any method; they are documented as GET.
    /// </summary>
    public static IReadOnlySet<string> ApiEndpoints(ServiceHost host) => host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName != "pages")
        .Select(e => (Endpoint: e, Route: "/" + (e.RoutePattern.RawText ?? string.Empty).Trim('/')))
        .Where(e => !new[] { "/dev", "/metrics", "/scalar", "/openapi" }.Any(prefix => e.Route.StartsWith(prefix, StringComparison.Ordinal)))
        .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => $"{method} {e.Route}"))
        .ToHashSet(StringComparer.Ordinal);
}
