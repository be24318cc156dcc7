using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// The request records (<c>…Request</c>) take every member as nullable and leave it to the handler to say which are
/// missing (400 <c>validation-failed</c> by field), so the generator's "every constructor parameter is required" is
/// wrong for them (a cancel's <c>note</c>, a placement's <c>orderId</c>): nothing is declared required.
/// </summary>
internal sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && type.Namespace?.StartsWith("OrderCancellation.Api", StringComparison.Ordinal) == true)
        {
            schema.Required?.Clear();
        }

        return Task.CompletedTask;
    }
}
