using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// The OpenAPI document of DESIGN §5 (<c>GET /openapi/v1.json</c>, anonymous) and, in Development only, the Scalar API
/// reference that reads it (<see cref="UiPath"/>). The endpoints declare their bodies, statuses and headers where they
/// are mapped (<see cref="EndpointDocumentation"/>); the transformers add what holds for all of them.
/// </summary>
public static class ApiDocument
{
    public const string DocumentPattern = "/openapi/{documentName}.json";

    /// <summary>Where the interactive reference is served in Development (its assets are embedded in the package: no CDN).</summary>
    public const string UiPath = "/scalar";

    /// <summary>The one schema every problem response (RFC 9457 with <c>code</c> and <c>errors</c>) refers to.</summary>
    public const string ProblemSchema = "Problem";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = type =>
                type.Type == typeof(ProblemDetails) ? ProblemSchema : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddSchemaTransformer<ProblemSchemaTransformer>();
            options.AddSchemaTransformer<RequestSchemaTransformer>();
            options.AddOperationTransformer<CallerOperationTransformer>();
            options.AddDocumentTransformer<ApiDocumentTransformer>();
        });

    /// <summary>The document, and the reference UI when the environment is Development (outside it the path is 404).</summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPattern);
        if (app.Environment.IsDevelopment())
        {
            // Its script is served from the package's embedded assets; fonts, telemetry and the AI agent would call
            // Scalar's servers, so they are off: the page works on a machine without internet and sends nothing out.
            app.MapScalarApiReference(UiPath, ui => ui
                .WithTitle("Order Cancellation API")
                .WithOpenApiRoutePattern(DocumentPattern)
                .AddPreferredSecuritySchemes(ApiDocumentTransformer.BearerScheme)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent())
                .WithGroupName(Auth.DevTokenEndpoint.EndpointGroup); // a Development tool: no Functions twin, not in the document
        }

        return app;
    }
}
