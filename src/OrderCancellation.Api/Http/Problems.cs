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

    public static IResult NotFound(string what) =>
        Result(StatusCodes.Status404NotFound, "not-found", "Not found.", $"{what} was not found.");

    public static IResult VersionConflict(long current) =>
        Result(StatusCodes.Status412PreconditionFailed, "version-conflict", "The resource has changed.", $"If-Match did not match the current version {current}.");

    public static IResult IdempotencyKeyReused() =>
        Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "The Idempotency-Key was used with a different request.", "Use a new key for a different request.");
}
