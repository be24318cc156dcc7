using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Hosting;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Functions;

/// <summary>Health (anyone; any method, as the standalone host's health-check endpoints) and the OpenAPI document.</summary>
public static class HostingFunctions
{
    [Function("HealthLive")]
    public static IActionResult HealthLive(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "health/live")] HttpRequest request) =>
        new HttpApiResult(new HealthCheckResult(HealthEndpoints.Live));

    [Function("HealthReady")]
    public static IActionResult HealthReady(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "health/ready")] HttpRequest request) =>
        new HttpApiResult(new HealthCheckResult(HealthEndpoints.Ready));

    [Function("GetOpenApiDocument")]
    public static async Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request,
        string documentName) =>
        new HttpApiResult(await request.Service<OpenApiDocuments>().GetAsync(documentName, request.HttpContext.RequestAborted));

    /// <summary>Runs ASP.NET Core's health-check middleware (what <c>MapHealthChecks</c> maps) with the shared options.</summary>
    private sealed class HealthCheckResult(HealthCheckOptions options) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            new HealthCheckMiddleware(_ => Task.CompletedTask, Options.Create(options), httpContext.RequestServices.GetRequiredService<HealthCheckService>())
                .InvokeAsync(httpContext);
    }
}
