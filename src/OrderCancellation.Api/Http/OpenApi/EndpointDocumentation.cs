using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrderCancellation.Api.Orders;

namespace OrderCancellation.Api.Http.OpenApi;

/// <summary>
/// The few declarations the endpoints share, so each mapping says what it answers in one line: the problems it gives
/// (all one schema, <see cref="ApiDocument.ProblemSchema"/>), the headers it reads, and the order mutations' contract.
/// 401 and 429 are added to every authorized operation by <see cref="CallerOperationTransformer"/>.
/// </summary>
public static class EndpointDocumentation
{
    public const string Json = "application/json";

    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>
    /// An order mutation (§5): a JSON body, 200 <c>{outcome, order}</c>, 202 with where to read the outcome when the order
    /// did not answer within <c>Orders:AnswerTimeout</c>, and the refusals every command can get — 400 (body, headers),
    /// 403 (role), 404 (no order of the caller's), 409 (the order's state), 412 (<c>If-Match</c>), 413 (over 1 MB),
    /// 422 (domain refusal or <c>idempotency-key-reused</c>).
    /// </summary>
    public static RouteHandlerBuilder ProducesOrderCommand<TRequest>(this RouteHandlerBuilder builder, bool optionalBody = false)
        where TRequest : notnull =>
        builder.AcceptsJson<TRequest>(optionalBody)
            .Produces<CommandAnswer>(StatusCodes.Status200OK)
            .Produces<PendingCommand>(StatusCodes.Status202Accepted)
            .ProducesProblems(400, 403, 404, 409, 412, 413, 422)
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The order's version after the command.")
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "Where to read the command's outcome.")
            .WithIdempotencyKey()
            .WithIfMatch();

    /// <summary>The <c>Idempotency-Key</c> header: a repeat answers the first response and does nothing again.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithHeader(
            IdempotencyKeys.Header,
            $"Up to {IdempotencyKeys.MaxLength} characters. A repeat answers the first response and has no second effect; the same key with another request is 422 `idempotency-key-reused`.");

    /// <summary>The <c>If-Match</c> header: the command applies only to that version of the order.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithHeader("If-Match", "The order's ETag (from `GET /api/orders/{orderId}`): the command applies only to that version, else 412 `version-conflict`.");

    /// <summary>
    /// The JSON body a handler reads itself (<see cref="JsonBody"/>). Not <c>Accepts&lt;T&gt;</c>: that metadata also
    /// takes part in routing, which would answer 415 to a body sent without <c>application/json</c> before the handler
    /// (and before authorization) sees it, where the API reads the body as JSON whatever its type, as the Functions host does.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.ProducesProblems(StatusCodes.Status415UnsupportedMediaType) // the handler's answer to a declared non-JSON type
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Json] = new() { Schema = await ReferenceAsync(typeof(TRequest), context, cancellationToken) },
                },
            });

    /// <summary>
    /// A status answered with either of two bodies (OpenAPI keeps one response per status, ASP.NET Core one type): the
    /// type declared for <paramref name="status"/> with <c>Produces</c>, or <typeparamref name="TOther"/>.
    /// </summary>
    public static RouteHandlerBuilder OrProduces<TOther>(this RouteHandlerBuilder builder, int status) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var media = operation.Responses?[status.ToString(CultureInfo.InvariantCulture)].Content?[Json]
                ?? throw new InvalidOperationException($"{operation.OperationId}: declare {status} with Produces before OrProduces.");
            media.Schema = new OpenApiSchema { AnyOf = [media.Schema!, await ReferenceAsync(typeof(TOther), context, cancellationToken)] };
        });

    /// <summary>One more representation of a 200 body, chosen by <c>Accept</c> (e.g. the feed report as TSV).</summary>
    public static RouteHandlerBuilder AlsoProducesText(this RouteHandlerBuilder builder, string contentType) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var content = operation.Responses?["200"].Content ?? throw new InvalidOperationException($"{operation.OperationId}: declare 200 first.");
            content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return Task.CompletedTask;
        });

    /// <summary>A header of one response (e.g. <c>Location</c> of a 201), declared after that response.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?[status.ToString(CultureInfo.InvariantCulture)] is not OpenApiResponse response)
            {
                throw new InvalidOperationException($"{operation.OperationId}: declare {status} before its header {name}.");
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return Task.CompletedTask;
        });

    /// <summary>A query parameter the handler reads from the query itself (so the API explorer cannot see it).</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithParameter(name, ParameterLocation.Query, description);

    /// <summary>
    /// A reference to the schema of <paramref name="type"/> in the document's components, added there when no other
    /// operation put it there first. Named by the type's name, as the default schema ids are for the non-generic types used here.
    /// </summary>
    private static async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("An operation transformer runs within a document.");
        document.Components ??= new OpenApiComponents();
        if (document.Components.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    private static RouteHandlerBuilder WithHeader(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithParameter(name, ParameterLocation.Header, description);

    private static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, string name, ParameterLocation location, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = location,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}
