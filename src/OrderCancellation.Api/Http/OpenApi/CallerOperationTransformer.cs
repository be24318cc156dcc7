using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// Every operation that requires authorization takes the bearer token, so it answers 401 without a valid one, and it
/// draws from its caller's rate limit, so it answers 429 over it. Read from the endpoint's own authorization metadata:
/// an endpoint that stops requiring a caller stops saying so.
/// </summary>
internal sealed class CallerOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        var document = context.Document ?? throw new InvalidOperationException("An operation transformer runs within a document.");
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.BearerScheme, document)] = [] });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", ProblemResponse(document, "No valid bearer token (`unauthenticated`)."));
        var limited = ProblemResponse(document, "Over the caller's request rate (`rate-limited`; a feed: the seller's daily quota, `feed-quota-exceeded`).");
        limited.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        };
        operation.Responses.TryAdd("429", limited);
        return Task.CompletedTask;
    }

    public static OpenApiResponse ProblemResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Problems.ContentType] = new() { Schema = new OpenApiSchemaReference(ApiDocument.ProblemSchema, document) },
        },
    };
}
