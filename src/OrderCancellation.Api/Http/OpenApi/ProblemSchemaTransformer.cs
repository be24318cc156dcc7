using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// The problem schema as the API writes it (<see cref="Problems"/>): RFC 9457's members plus the stable <c>code</c> a
/// client switches on and, on a 400, <c>errors</c> by field. <see cref="ProblemDetails"/> keeps both in its extension
/// data, which the schema generator cannot name.
/// </summary>
internal sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails) || context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        schema.Description = "An RFC 9457 problem with a stable `code` (see docs/policy.md and docs/policy-choices.md).";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable slug of the refusal, e.g. `order-shipped`, `validation-failed`." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object | JsonSchemaType.Null,
            Description = "On 400 `validation-failed`: the messages of each field in error.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
        return Task.CompletedTask;
    }
}
