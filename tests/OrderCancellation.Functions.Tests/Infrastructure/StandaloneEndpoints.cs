extern alias service;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Functions.Http;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>One HTTP endpoint as either host exposes it: method (<c>*</c>: any), route (leading '/', no trailing '/'), policies, name.</summary>
public sealed record EndpointRow(string Method, string Route, string Policies, string? Name)
{
    public string Key => $"{Method} {Route}";

    public static string NormalizeRoute(string route) => "/" + route.Trim('/');

    public static string PolicyList(IEnumerable<IAuthorizeData> data) => string.Join(",", data.Select(d => d.Policy ?? d.Roles ?? "(authenticated)").Distinct().Order(StringComparer.Ordinal));

    /// <summary>The Functions app's HTTP functions, from their attributes.</summary>
    public static IReadOnlyList<EndpointRow> Functions() =>
        [.. HttpFunctionCatalog.All.SelectMany(f => (f.Methods.Count == 0 ? ["*"] : f.Methods).Select(m =>
            new EndpointRow(m, NormalizeRoute(f.Route), PolicyList(f.Authorize), f.Name)))];
}

/// <summary>
/// The standalone host's endpoint table: <c>src/OrderCancellation.Service</c>'s <c>Program</c> started through
/// <see cref="WebApplicationFactory{TEntryPoint}"/> on a throwaway SQLite store, its <see cref="EndpointDataSource"/> read.
/// </summary>
public sealed class StandaloneEndpoints : IAsyncLifetime
{
    private readonly SqliteTempFile store = new();
    private WebApplicationFactory<service::Program>? factory;

    public IReadOnlyList<EndpointRow> Rows { get; private set; } = [];

    public Task InitializeAsync()
    {
        factory = new WebApplicationFactory<service::Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("ConnectionStrings:Store", store.ConnectionString)
            .UseSetting("Store:Provider", "sqlite")
            .UseSetting("Workflow:Backend", "relational")
            .UseSetting("Feeds:ConsumerEnabled", "false"));
        // The pages (group "pages") are the standalone host's own: the Functions host serves the API only.
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName is not ("pages" or "development")); // development: POST /dev/token and the Scalar UI
        Rows = [.. endpoints.SelectMany(e =>
        {
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["*"];
            var policies = EndpointRow.PolicyList(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
            var name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            return methods.Select(method => new EndpointRow(method.ToUpperInvariant(), EndpointRow.NormalizeRoute(e.RoutePattern.RawText ?? string.Empty), policies, name));
        })];
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        store.Dispose();
    }
}
