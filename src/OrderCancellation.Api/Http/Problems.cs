using Microsoft.AspNetCore.Mvc;

namespace OrderCancellation.Api.Http;

/// <summary>
/// RFC 9457 problem responses with a stable <c>code</c> slug (DESIGN §5). Every refusal the API
/// gives goes through here so clients can switch on <c>code</c>.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails Create(int status, string code, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeFor(code),
            Title = title,
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        return problem;
    }

    public static IResult Result(int status, string code, string title, string? detail = null, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(Create(status, code, title, detail, errors));

    public static string TypeFor(string code) => $"https://order-cancellation.dev/problems/{code}";

    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Result(StatusCodes.Status400BadRequest, "validation-failed", "The request is not valid.", detail ?? "See errors for each field.", errors);

    public static IResult PayloadTooLarge(long limitBytes) =>
        Result(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", $"The limit is {limitBytes} bytes.");

    /// <summary>
    /// 415 whose detail says exactly what to send, with the types also as the <c>acceptedContentTypes</c> member.
    /// </summary>
    /// <param name="sent">The request's Content-Type (null: none).</param>
    /// <param name="why">What the endpoint expects, in words, when the type depends on more than the route (a feed type).</param>
    public static IResult UnsupportedMediaType(string? sent, IReadOnlyList<string> accepted, string? why = null)
    {
        var problem = Create(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaTypeCode, "Unsupported content type.");
        DescribeUnsupportedMediaType(problem, sent, accepted, why);
        return TypedResults.Problem(problem);
    }

    public const string UnsupportedMediaTypeCode = "unsupported-media-type";

    /// <summary>The extension member listing the content types the endpoint accepts.</summary>
    public const string AcceptedContentTypes = "acceptedContentTypes";

    /// <summary>Fills a 415's detail and <see cref="AcceptedContentTypes"/> (also for the routing's own 415).</summary>
    public static void DescribeUnsupportedMediaType(ProblemDetails problem, string? sent, IReadOnlyList<string> accepted, string? why = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(accepted);
        var send = $"Send it with Content-Type {string.Join(", ", accepted.Take(accepted.Count - 1))}{(accepted.Count > 1 ? " or " : string.Empty)}{accepted[^1]}";
        var got = string.IsNullOrEmpty(sent) ? "The request has no Content-Type."
            : sent.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                ? "The body came as application/x-www-form-urlencoded, which curl's -d and --data-binary send unless a Content-Type header is given."
                : $"The body came as {sent}.";
        problem.Detail = $"{got} {(why is null ? string.Empty : why + " ")}{send}, e.g. curl -H \"Content-Type: {accepted[0]}\".";
        problem.Extensions[AcceptedContentTypes] = accepted;
    }

    public static IResult NotFound(string what) =>
        Result(StatusCodes.Status404NotFound, "not-found", "Not found.", $"{what} was not found.");

    public static IResult VersionConflict(long current) =>
        Result(StatusCodes.Status412PreconditionFailed, "version-conflict", "The resource has changed.", $"If-Match did not match the current version {current}.");

    public static IResult IdempotencyKeyReused() =>
        Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "The Idempotency-Key was used with a different request.", "Use a new key for a different request.");
}
