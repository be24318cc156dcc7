using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrderCancellation.Api;
using OrderCancellation.Api.Engine;

namespace OrderCancellation.Functions.Hosting;

/// <summary>
/// The OpenAPI document of <c>GET /openapi/{documentName}.json</c>. ASP.NET Core describes the endpoints a route builder
/// maps, and the worker maps none of ours (the Functions host routes to functions), so the document comes from the
/// shared API mapped on a description-only <see cref="WebApplication"/>: the same registration and the same
/// <c>MapOrderCancellationApi()</c> as the standalone host, never started, built on the first request.
/// </summary>
public sealed class OpenApiDocuments(IConfiguration configuration, IHostEnvironment environment) : IAsyncDisposable
{
    private readonly Lazy<WebApplication> description = new(() => Describe(configuration, environment));

    /// <summary>The document as JSON in the version its options ask for (as <c>MapOpenApi</c> answers), or 404.</summary>
    public async Task<IResult> GetAsync(string documentName, CancellationToken cancellationToken)
    {
        var services = description.Value.Services;
        if (services.GetKeyedService<IOpenApiDocumentProvider>(documentName) is not { } provider)
        {
            return Results.Text($"No OpenAPI document with the name '{documentName}' was found.", statusCode: StatusCodes.Status404NotFound);
        }

        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var version = services.GetRequiredService<IOptionsMonitor<OpenApiOptions>>().Get(documentName).OpenApiVersion;
        return Results.Text(await document.SerializeAsJsonAsync(version, cancellationToken), "application/json;charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        if (description.IsValueCreated)
        {
            await description.Value.DisposeAsync();
        }
    }

    private static WebApplication Describe(IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = environment.ApplicationName,
            EnvironmentName = environment.EnvironmentName,
            ContentRootPath = environment.ContentRootPath,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddOrderCancellationApi(builder.Configuration);
        builder.Services.AddSingleton<IDurableClientSource, BindingDurableClient>();
        var app = builder.Build();
        app.MapOrderCancellationApi();
        // UseEndpoints hands the mapped endpoints to the services' EndpointDataSource, which the API explorer reads.
        app.UseRouting();
        app.UseEndpoints(_ => { });
        return app;
    }
}
