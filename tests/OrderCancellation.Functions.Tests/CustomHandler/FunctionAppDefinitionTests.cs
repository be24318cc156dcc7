using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Functions.CustomHandler;

using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>host.json and the function folders agree with the endpoints the app maps.</summary>
public sealed class FunctionAppDefinitionTests(EmbeddedAppFactory factory) : IClassFixture<EmbeddedAppFactory>
{
    private static readonly IReadOnlyList<FunctionFolder> Functions = FunctionFolder.ReadAll(RepositoryPaths.FunctionApp);

    [Fact]
    public void Every_trigger_function_posts_to_an_endpoint_the_app_maps_under_its_binding_name()
    {
        var triggers = TriggerEndpoints();

        foreach (var function in Functions.Where(f => !f.IsHttp))
        {
            var endpoint = Assert.Single(triggers, t => t.Trigger.FunctionName == function.Name);
            Assert.Equal("/" + function.Name, "/" + endpoint.Route.RoutePattern.RawText!.TrimStart('/'));
            Assert.Contains("POST", endpoint.Methods);
            Assert.Equal(endpoint.Trigger.BindingName, function.Property("name"));
        }
    }

    [Fact]
    public void Every_trigger_endpoint_the_app_maps_has_a_function_folder()
    {
        var names = Functions.Where(f => !f.IsHttp).Select(f => f.Name).ToHashSet();

        Assert.All(TriggerEndpoints(), endpoint => Assert.Contains(endpoint.Trigger.FunctionName, names));
        Assert.NotEmpty(TriggerEndpoints());
    }

    [Fact]
    public void Http_functions_are_anonymous_proxyable_catch_alls_that_never_reach_a_trigger_endpoint()
    {
        var http = Functions.Where(f => f.IsHttp).ToList();
        Assert.NotEmpty(http);

        foreach (var function in http)
        {
            Assert.Equal("anonymous", function.Property("authLevel"));
            Assert.Contains(function.Bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
            Assert.EndsWith("/{*path}", function.Property("route"), StringComparison.Ordinal);
            Assert.Contains("\"delete\"", function.Property("methods"), StringComparison.Ordinal);
        }

        Assert.All(TriggerEndpoints(), endpoint => Assert.DoesNotContain(HttpPrefixes(), prefix => endpoint.Trigger.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Every_public_endpoint_of_the_app_is_reachable_through_an_http_function()
    {
        var prefixes = HttpPrefixes();
        var publicRoutes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CustomHandlerTrigger>() is null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(route => route != "/")
            .ToList();

        Assert.NotEmpty(publicRoutes);
        Assert.All(publicRoutes, route => Assert.True(
            prefixes.Any(prefix => route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)),
            $"{route} has no HTTP function routing to it; add FunctionApp/Http<Name>/function.json."));
    }

    [Fact]
    public void The_feed_queue_trigger_reads_the_feed_queue_and_the_tick_runs_every_ten_seconds()
    {
        var feed = Assert.Single(Functions, f => f.Name == CustomHandlerTrigger.FeedQueue.FunctionName);
        Assert.Equal("queueTrigger", feed.TriggerType);
        Assert.Equal("order-cancellation-feeds", feed.Property("queueName"));
        Assert.Equal("AzureWebJobsStorage", feed.Property("connection"));

        var tick = Assert.Single(Functions, f => f.Name == CustomHandlerTrigger.DurableTick.FunctionName);
        Assert.Equal("timerTrigger", tick.TriggerType);
        Assert.Equal("*/10 * * * * *", tick.Property("schedule"));
        Assert.Equal("false", tick.Property("runOnStartup"));
    }

    [Fact]
    public void Host_json_starts_the_published_app_and_proxies_http_at_the_original_paths()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.HostJson));
        var host = document.RootElement;

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var customHandler = host.GetProperty("customHandler");
        var executable = typeof(Program).Assembly.GetName().Name;
        Assert.Equal($"app/{executable}", customHandler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("app", customHandler.GetProperty("description").GetProperty("workingDirectory").GetString());
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal(5, host.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("[4.*, 5.0.0)", host.GetProperty("extensionBundle").GetProperty("version").GetString());
        Assert.True(TimeSpan.TryParse(host.GetProperty("functionTimeout").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static List<string> HttpPrefixes() =>
        Functions.Where(f => f.IsHttp)
            .Select(f => "/" + f.Property("route")![..^"{*path}".Length])
            .ToList();

    private List<(CustomHandlerTrigger Trigger, RouteEndpoint Route, IReadOnlyList<string> Methods)> TriggerEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CustomHandlerTrigger>() is not null)
            .Select(e => (e.Metadata.GetMetadata<CustomHandlerTrigger>()!, e, e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
}
