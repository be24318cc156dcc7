using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The Functions host has no ASP.NET Core middleware of the app's own around an HTTP function, so the worker middleware
/// takes the caller's permit from the same limiter the standalone host's <c>UseRateLimiter()</c> uses.
/// </summary>
public sealed class RateLimitFunctionTests : IAsyncLifetime
{
    private readonly HttpPipelineMiddleware middleware = new(NullLogger<HttpPipelineMiddleware>.Instance);
    private FunctionsTestApp? app;

    private FunctionsTestApp App => app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => app = await FunctionsTestApp.StartAsync(settings: new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:PermitsPerSecond"] = "1",
        ["RateLimits:Burst"] = "2",
    });

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_Retry_After_and_the_function_does_not_run()
    {
        var token = FunctionsTestApp.Token("buyer", "B-limited");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (answer, ran) = await InvokeAsync("GetOrder", token);
            if (!ran)
            {
                Assert.Equal(429, answer.Status);
                Assert.Equal("rate-limited", answer.Json.GetProperty("code").GetString());
                Assert.False(string.IsNullOrEmpty(answer.Headers.RetryAfter.ToString()));
                Assert.True((await InvokeAsync("GetOrder", FunctionsTestApp.Token("buyer", "B-other"))).Ran, "another caller has its own bucket");
                return;
            }
        }

        Assert.Fail("20 invocations in a row were all admitted.");
    }

    private async Task<(Answer Answer, bool Ran)> InvokeAsync(string functionName, string token)
    {
        var request = App.Request("GET", "/api/orders/x", headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        var context = FunctionContexts.For(functionName, request.HttpContext.RequestServices, request.HttpContext);
        var ran = false;
        await middleware.Invoke(context.Object, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        return (Answer.From(request.HttpContext), ran);
    }
}
