using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using OrderCancellation.Api;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Hosting;

/// <summary>
/// The worker as <c>Program</c> runs it (and as the tests build it): the same registration as the standalone host
/// (<c>AddOrderCancellationApi</c>: auth, store, read model, orders, activities' ports, feeds), the worker's ASP.NET Core
/// integration for HTTP, the app's JWT policies in front of every HTTP function (they are Anonymous to the Functions
/// host), and <see cref="FunctionsHostSetup.AddFunctionsHost"/> in place of the standalone host's Durable engine.
/// </summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<HttpPipelineMiddleware>();

        builder.Services.AddOrderCancellationApi(builder.Configuration);
        builder.Services.AddFunctionsHost(builder.Configuration);
        builder.Services.AddOrderCancellationTelemetry(builder.Configuration).UseFunctionsWorkerDefaults(); // the invocation's trace context
        return builder;
    }
}
