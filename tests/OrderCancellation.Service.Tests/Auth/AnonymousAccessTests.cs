using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;

namespace OrderCancellation.Service.Tests.Auth;

/// <summary>
/// Issue 18 point 1 in the standalone host, over its real endpoint table (not a list kept by hand, so a route added
/// later is covered): without a token every route answers 401 and changes nothing, except health and the OpenAPI
/// document, the only anonymous routes (in Development, the API reference UI at <c>/scalar</c> too). Queue messages
/// (which may carry an inline feed naming any seller) come from the queue only: no route takes one.
/// </summary>
public sealed class AnonymousAccessTests(SqliteHost fixture, EmbeddedAppFactory development) : IClassFixture<SqliteHost>, IClassFixture<EmbeddedAppFactory>
{
    /// <summary>Methods tried on an endpoint that accepts any method (as <c>MapHealthChecks</c> maps).</summary>
    private static readonly string[] AnyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The API's endpoints (DESIGN §5); the pages (group <c>pages</c>) sign in with a cookie and redirect instead.</summary>
    private IReadOnlyList<RouteEndpoint> Endpoints =>
        [.. AllEndpoints.Where(e => !IsPage(e))];

    private IReadOnlyList<RouteEndpoint> AllEndpoints =>
        [.. fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    [Fact]
    public void Only_health_and_the_OpenAPI_document_are_anonymous()
    {
        Assert.True(Endpoints.Count >= 20, $"The endpoint table looks incomplete: {Endpoints.Count} endpoints.");

        var anonymous = Endpoints.Where(IsAnonymous).Select(e => Route(e)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["/health/live", "/health/ready", "/openapi/{documentName}.json"], anonymous);
        Assert.DoesNotContain(AllEndpoints, e => Route(e).StartsWith("/scalar", StringComparison.Ordinal)); // Development only
    }

    [Fact]
    public void In_Development_the_API_reference_UI_and_the_dev_token_are_anonymous_as_well()
    {
        var endpoints = development.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(e => !IsPage(e));

        var anonymous = endpoints.Where(IsAnonymous).Select(e => Route(e)).Where(r => r.StartsWith("/scalar", StringComparison.Ordinal)).ToList();
        var others = endpoints.Where(IsAnonymous).Select(e => Route(e)).Where(r => !r.StartsWith("/scalar", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.NotEmpty(anonymous);
        Assert.Equal(["/dev/token", "/health/live", "/health/ready", "/openapi/{documentName}.json"], others); // /dev/token: Development only
    }

    [Fact]
    public async Task Every_route_but_health_and_the_OpenAPI_document_answers_401_without_a_token()
    {
        using var client = fixture.Host.CreateClient();
        var failures = new List<string>();
        var tried = 0;
        foreach (var endpoint in Endpoints.Where(e => !IsAnonymous(e)))
        {
            foreach (var method in Methods(endpoint))
            {
                tried++;
                var path = Fill(endpoint.RoutePattern);
                var answer = await client.SendApiAsync(new HttpMethod(method), path, method == "GET" ? null : "{}");
                if (answer.Status != HttpStatusCode.Unauthorized || answer.Code != "unauthenticated")
                {
                    failures.Add($"{method} {path}: {answer}");
                }
            }
        }

        Assert.True(tried >= 20, $"Only {tried} requests tried.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Of_the_pages_only_the_sign_in_page_and_the_stylesheet_are_anonymous()
    {
        var anonymous = AllEndpoints.Where(e => IsPage(e) && IsAnonymous(e)).Select(e => Route(e)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["/assets/{name}", "/signin"], anonymous);
    }

    [Fact]
    public async Task Every_other_page_redirects_to_the_sign_in_page_without_a_cookie()
    {
        using var client = fixture.Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var pages = AllEndpoints.Where(e => IsPage(e) && !IsAnonymous(e)).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var path = Fill(page.RoutePattern);
            using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location?.AbsolutePath == "/signin", $"{path}: {(int)answer.StatusCode} {answer.Headers.Location}");
        }
    }

    [Fact]
    public async Task No_mutation_without_a_token_leaves_a_trace()
    {
        var id = OrderApi.NewId();
        using var anonymous = fixture.Host.CreateClient();

        var placed = await anonymous.PostApiAsync("/api/orders", OrderApi.Order(orderId: id), idempotencyKey: $"k-{id}");
        using var marketplace = fixture.Host.AsMarketplace();
        var read = await marketplace.GetApiAsync($"/api/orders/{id}");

        Assert.Equal(HttpStatusCode.Unauthorized, placed.Status);
        Assert.True(read.Status == HttpStatusCode.NotFound, read.ToString());
    }

    [Fact]
    public async Task The_anonymous_routes_answer_without_a_token()
    {
        using var client = fixture.Host.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready", "/openapi/v1.json" })
        {
            var answer = await client.GetApiAsync(path);
            Assert.True(answer.Status == HttpStatusCode.OK, $"{path}: {answer}");
        }
    }

    [Fact]
    public void No_route_takes_a_queue_message()
    {
        Assert.All(Endpoints, endpoint =>
        {
            Assert.DoesNotContain("queue", Route(endpoint), StringComparison.OrdinalIgnoreCase);
            // Minimal-API handlers carry their method; health checks are middleware and take nothing.
            var parameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
            Assert.DoesNotContain(parameters, p => p.ParameterType == typeof(IFeedMessageHandler));
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("seller")]
    [InlineData("marketplace")]
    public async Task The_old_queue_trigger_route_is_not_there(string? role)
    {
        using var client = role is null ? fixture.Host.CreateClient() : fixture.Host.As(role, "S1");
        var inline = """{"Data":{"feed":{"sellerId":"S2","records":[{"orderId":"T-1","action":"cancel"}]}}}""";

        foreach (var path in new[] { "/FeedQueueTrigger", "/api/FeedQueueTrigger" })
        {
            var answer = await client.PostApiAsync(path, inline);
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{path}: {answer}");
        }
    }

    private static bool IsPage(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == "pages";

    private static bool IsAnonymous(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0;

    private static string Route(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');

    private static IEnumerable<string> Methods(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : AnyMethod;

    /// <summary>The route with a plausible value in each parameter (an order id of the tests' shape, a seller, a guid).</summary>
    private static string Fill(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.Name switch
            {
                "orderId" or "instanceId" => OrderApi.NewId(),
                "sellerId" => "S1",
                "documentName" => "v1",
                _ => Guid.NewGuid().ToString("N"),
            },
            _ => throw new InvalidOperationException($"Unexpected route part {part} in {pattern.RawText}."),
        })));
        return "/" + string.Join('/', segments);
    }
}
