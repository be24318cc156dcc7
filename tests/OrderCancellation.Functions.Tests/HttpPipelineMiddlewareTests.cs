using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using OrderCancellation.Api.Auth;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The HTTP functions are Anonymous to the Functions host; the worker middleware enforces the app's JWT and the policy
/// each function declares, with the standalone host's answers (401 challenge, 403, problem documents with a code), and
/// turns an unhandled exception into a 500 problem.
/// </summary>
public sealed class HttpPipelineMiddlewareTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly HttpPipelineMiddleware middleware = new(NullLogger<HttpPipelineMiddleware>.Instance);

    private FunctionsTestApp App => fixture.App;

    public static TheoryData<string> ProtectedFunctions() => [.. HttpFunctionCatalog.All.Where(f => f.Authorize.Count > 0).Select(f => f.Name).Order()];

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Without_a_token_every_protected_function_is_challenged_and_not_run(string functionName)
    {
        var (answer, ran) = await InvokeAsync(functionName, token: null);
        Assert.False(ran);
        Assert.Equal(401, answer.Status);
        Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
        Assert.Equal("unauthenticated", answer.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_challenged()
    {
        var forged = DevTokenIssuer.Issue(new AuthOptions { SigningKey = "another-key-another-key-another-key-0123" }, "marketplace", "M1", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var (answer, ran) = await InvokeAsync("PlaceOrder", forged);
        Assert.False(ran);
        Assert.Equal(401, answer.Status);
        Assert.Contains("invalid_token", answer.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PlaceOrder", "buyer", false)]
    [InlineData("PlaceOrder", "seller", false)]
    [InlineData("PlaceOrder", "marketplace", true)]
    [InlineData("DeclineCancellationRequest", "seller", true)]
    [InlineData("DeclineCancellationRequest", "support", false)]
    [InlineData("GetInstanceStatus", "support", true)]
    [InlineData("GetInstanceStatus", "seller", false)]
    [InlineData("ListOrders", "buyer", true)]
    [InlineData("ListOrders", "support", false)]
    [InlineData("SubmitFeed", "seller", true)]
    [InlineData("SubmitFeed", "marketplace", false)]
    [InlineData("CancelOrder", "buyer", true)]
    [InlineData("CreateSubscription", "marketplace", true)]
    public async Task A_role_outside_the_functions_policy_is_forbidden(string functionName, string role, bool allowed)
    {
        var (answer, ran) = await InvokeAsync(functionName, FunctionsTestApp.Token(role, "X1"));
        Assert.Equal(allowed, ran);
        if (!allowed)
        {
            Assert.Equal(403, answer.Status);
            Assert.Equal("forbidden", answer.Json.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task An_admitted_caller_reaches_the_function_as_its_user()
    {
        string? subject = null;
        var (_, ran) = await InvokeAsync("PlaceOrder", FunctionsTestApp.Token("marketplace", "M7"), http => subject = http.User.ToActor().Id);
        Assert.True(ran);
        Assert.Equal("M7", subject);
    }

    [Theory]
    [InlineData("HealthLive")]
    [InlineData("HealthReady")]
    [InlineData("GetOpenApiDocument")]
    public async Task Health_and_the_OpenAPI_document_need_no_token(string functionName)
    {
        var (_, ran) = await InvokeAsync(functionName, token: null);
        Assert.True(ran);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem()
    {
        var (answer, ran) = await InvokeAsync("GetOrder", FunctionsTestApp.Token("buyer", "B1"), _ => throw new InvalidOperationException("boom"));
        Assert.True(ran);
        Assert.Equal(500, answer.Status);
        Assert.Equal("internal-error", answer.Json.GetProperty("code").GetString());
        Assert.DoesNotContain("boom", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_exception_keeps_its_status()
    {
        var (answer, _) = await InvokeAsync("SubmitFeed", FunctionsTestApp.Token("seller", "S1"), _ => throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));
        Assert.Equal(413, answer.Status);
        Assert.Equal("payload-too-large", answer.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Other_triggers_pass_straight_through()
    {
        var context = FunctionContexts.For("FeedQueueTrigger", App.Services);
        var ran = false;
        await middleware.Invoke(context.Object, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        Assert.True(ran);
    }

    private async Task<(Answer Answer, bool Ran)> InvokeAsync(string functionName, string? token, Action<HttpContext>? function = null)
    {
        var headers = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" };
        var request = App.Request("GET", "/anything", headers: headers);
        var context = FunctionContexts.For(functionName, request.HttpContext.RequestServices, request.HttpContext);
        var ran = false;
        await middleware.Invoke(context.Object, _ =>
        {
            ran = true;
            function?.Invoke(request.HttpContext);
            return Task.CompletedTask;
        });
        return (Answer.From(request.HttpContext), ran);
    }
}
