using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// Issue 18 point 1 in the Functions host: every HTTP function but health and the OpenAPI document declares a policy
/// (its attributes, as the worker middleware reads them), and without a token the middleware answers 401 and does not
/// run it. Queue messages come from the queue only: no function takes one over HTTP.
/// </summary>
public sealed class AnonymousFunctionsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string[] Anonymous = ["GetOpenApiDocument", "HealthLive", "HealthReady"];

    private readonly HttpPipelineMiddleware middleware = new(NullLogger<HttpPipelineMiddleware>.Instance);

    public static TheoryData<string> HttpFunctions() => [.. HttpFunctionCatalog.All.Select(f => f.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_HTTP_function_but_health_and_the_OpenAPI_document_declares_a_policy()
    {
        Assert.True(HttpFunctionCatalog.All.Count >= 20, $"The catalog looks incomplete: {HttpFunctionCatalog.All.Count} functions.");

        var anonymous = HttpFunctionCatalog.All.Where(f => f.AllowAnonymous || f.Authorize.Count == 0).ToList();

        Assert.Equal(Anonymous, anonymous.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(anonymous, f => Assert.True(f.Route.StartsWith("health/", StringComparison.Ordinal) || f.Route.StartsWith("openapi/", StringComparison.Ordinal), f.Route));
        Assert.All(HttpFunctionCatalog.All.Except(anonymous), f => Assert.All(f.Authorize, a => Assert.False(string.IsNullOrEmpty(a.Policy), $"{f.Name} names no policy.")));
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task Without_a_token_only_health_and_the_OpenAPI_document_run(string functionName)
    {
        var request = fixture.App.Request("POST", "/anything", body: "{}");
        var context = FunctionContexts.For(functionName, request.HttpContext.RequestServices, request.HttpContext);
        var ran = false;

        await middleware.Invoke(context.Object, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        var answer = Answer.From(request.HttpContext);
        if (Anonymous.Contains(functionName))
        {
            Assert.True(ran);
        }
        else
        {
            Assert.False(ran);
            Assert.Equal(401, answer.Status);
            Assert.Equal("unauthenticated", answer.Json.GetProperty("code").GetString());
        }
    }

    [Fact]
    public void No_function_takes_a_queue_message_over_HTTP()
    {
        var functions = typeof(HttpFunctionCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToList();
        var queueTriggered = functions.Where(m => Has<QueueTriggerAttribute>(m)).ToList();

        Assert.NotEmpty(queueTriggered);
        Assert.All(queueTriggered, m => Assert.False(Has<HttpTriggerAttribute>(m), m.Name));
        Assert.All(queueTriggered, m => Assert.Null(HttpFunctionCatalog.Find(m.GetCustomAttribute<FunctionAttribute>()!.Name)));
        Assert.All(HttpFunctionCatalog.All, f =>
        {
            Assert.DoesNotContain("queue", f.Route, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("queue", f.Name, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static bool Has<T>(MethodInfo method)
        where T : Attribute => method.GetParameters().Any(p => p.GetCustomAttribute<T>() is not null);
}
