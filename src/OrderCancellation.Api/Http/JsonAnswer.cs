using Microsoft.AspNetCore.Http.Metadata;

namespace OrderCancellation.Api.Http;

/// <summary>
/// Writes a JSON body that is already serialized (an answer stored by a durable step, so that an
/// idempotent replay is byte-for-byte the first answer). Status 400 and above are <c>application/problem+json</c>.
/// </summary>
public sealed class JsonAnswer(int statusCode, string body, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => statusCode;

    public string ContentType => statusCode >= 400 ? Problems.ContentType : "application/json; charset=utf-8";

    public string Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (statusCode >= 400)
        {
            RequestLogging.RememberProblemBody(httpContext, body);
        }
        foreach (var (name, value) in headers ?? [])
        {
            response.Headers[name] = value;
        }

        if (body.Length > 0)
        {
            response.ContentType = ContentType;
            await response.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
