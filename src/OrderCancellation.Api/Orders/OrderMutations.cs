using System.Text.Json;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// The mutating order endpoints. Each one: read and check the body (400 with field errors, 413),
/// take <c>Idempotency-Key</c> (scoped to the caller and the operation; fingerprint = route + body)
/// and <c>If-Match</c>, build the domain command for the caller, and answer what the step stored.
/// </summary>
internal static class OrderMutations
{
    public static async Task<IResult> PlaceAsync(HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, invalid) = await JsonBody.ReadAsync<PlaceOrderRequest>(http.Request, ApiJson.Options, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var caller = http.User.ToActor();
        if (!TryHeaders(http, caller, "place", out var key, out var expectedVersion, out var headerProblem))
        {
            return headerProblem;
        }

        // Without an id the order gets one; with an Idempotency-Key it is derived from the key so a retry finds the same order.
        var orderId = body!.OrderId ?? (key is null ? OrderIds.NewAmazonStyle() : OrderIds.FromKey(key));
        var errors = new FieldErrors();
        if (body.ToCommand(orderId, caller, time.GetUtcNow(), errors) is not { } command)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var result = await commands.ExecuteAsync(orderId, command, key, Fingerprint(http, body), expectedVersion, cancellationToken);
        return OrderAnswers.From(result, orderId);
    }

    public static Task<IResult> CancelAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<CancelRequest>(orderId, "cancel", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken, empty: new CancelRequest(null, null, null));

    public static Task<IResult> DeclineAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<DeclineRequest>(orderId, "decline", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken);

    public static Task<IResult> PaymentAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<PaymentRequest>(orderId, "payment", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken);

    public static Task<IResult> ShippingLabelAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<ShippingLabelRequest>(orderId, "shipping-label", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken);

    public static Task<IResult> ShipmentAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<ShipmentRequest>(orderId, "shipments", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken);

    public static Task<IResult> FulfillmentStageAsync(string orderId, HttpContext http, OrderCommands commands, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync<FulfillmentStageRequest>(orderId, "fulfillment-stage", http, commands, time, (r, by, now, e) => r.ToCommand(by, now, e), cancellationToken);

    private static async Task<IResult> RunAsync<TRequest>(
        string orderId,
        string operation,
        HttpContext http,
        OrderCommands commands,
        TimeProvider time,
        Func<TRequest, Actor, DateTimeOffset, FieldErrors, OrderCommand?> toCommand,
        CancellationToken cancellationToken,
        TRequest? empty = null)
        where TRequest : class
    {
        if (!OrderIds.IsValid(orderId))
        {
            return OrderAnswers.NotFound;
        }

        TRequest? body;
        if (empty is not null && HasNoBody(http.Request))
        {
            body = empty;
        }
        else
        {
            (body, var invalid) = await JsonBody.ReadAsync<TRequest>(http.Request, ApiJson.Options, cancellationToken);
            if (invalid is not null)
            {
                return invalid;
            }
        }

        var caller = http.User.ToActor();
        if (!TryHeaders(http, caller, operation, out var key, out var expectedVersion, out var headerProblem))
        {
            return headerProblem;
        }

        var errors = new FieldErrors();
        if (toCommand(body!, caller, time.GetUtcNow(), errors) is not { } command)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var result = await commands.ExecuteAsync(orderId, command, key, Fingerprint(http, body!), expectedVersion, cancellationToken);
        return OrderAnswers.From(result, orderId);
    }

    /// <summary>Reads <c>Idempotency-Key</c> (scoped to the caller and operation) and <c>If-Match</c>.</summary>
    private static bool TryHeaders(HttpContext http, Actor caller, string operation, out string? key, out long? expectedVersion, out IResult problem)
    {
        key = null;
        expectedVersion = null;
        problem = Results.Empty;
        if (IdempotencyKeys.From(http.Request) is { } raw)
        {
            if (raw.Length > IdempotencyKeys.MaxLength)
            {
                problem = Problems.Validation(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [$"At most {IdempotencyKeys.MaxLength} characters."] });
                return false;
            }

            key = IdempotencyKeys.Scoped(raw, $"{caller.Role}:{caller.Id}", operation);
        }

        if (!ETags.TryExpectedVersion(http.Request, out expectedVersion))
        {
            problem = Problems.Result(StatusCodes.Status412PreconditionFailed, "version-conflict", "The resource has changed.", "If-Match must be the ETag of a version of the order.");
            return false;
        }

        return true;
    }

    private static string Fingerprint<T>(HttpContext http, T body) =>
        IdempotencyKeys.Fingerprint(http.Request.Method, http.Request.Path.Value, JsonSerializer.Serialize(body, ApiJson.Options));

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"));
}
