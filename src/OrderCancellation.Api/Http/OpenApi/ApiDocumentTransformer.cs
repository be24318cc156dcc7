using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// What the whole document says once: its title and version, the bearer scheme (§5: a JWT with <c>sub</c> and
/// <c>role</c>), the problem schema, and the health probes (middleware endpoints, which the API explorer cannot see).
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";
    public const string HealthTag = "Health";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Order Cancellation API",
            Version = context.DocumentName,
            Description = "Place, read and cancel orders, submit feeds, subscribe to order events. Every call but the health probes "
                + "and this document needs `Authorization: Bearer <JWT>` with a `sub` and one `role` (buyer, seller, marketplace, support). "
                + "Errors are RFC 9457 problems (`application/problem+json`) with a stable `code`. Mutations accept `Idempotency-Key`; "
                + "order mutations accept `If-Match` with the order's ETag.",
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with `sub` (the caller's id) and `role`. In development: `dotnet run --project src/OrderCancellation.Service -- token --role buyer --sub B1`.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ApiDocument.ProblemSchema))
        {
            document.AddComponent(ApiDocument.ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        }

        AddHealth(document);
    }

    private static void AddHealth(OpenApiDocument document)
    {
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == HealthTag))
        {
            document.Tags.Add(new OpenApiTag { Name = HealthTag });
        }

        document.Paths ??= [];
        document.Paths["/health/live"] = Probe(document, "GetLiveness", "Liveness: the process answers.", ready: false);
        document.Paths["/health/ready"] = Probe(document, "GetReadiness", "Readiness: the store answers.", ready: true);
    }

    private static OpenApiPathItem Probe(OpenApiDocument document, string id, string summary, bool ready)
    {
        var responses = new OpenApiResponses { ["200"] = Text("Healthy") };
        if (ready)
        {
            responses["503"] = Text("Unhealthy: a check failed.");
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new OpenApiOperation
                {
                    OperationId = id,
                    Summary = summary,
                    Description = "Anonymous and never rate limited.",
                    Tags = new HashSet<OpenApiTagReference> { new(HealthTag, document) },
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Text(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
        },
    };
}
