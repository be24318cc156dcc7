using Microsoft.AspNetCore.Mvc;

namespace OrderCancellation.Functions.Http;

/// <summary>
/// The answer of an HTTP function: the shared handler's <see cref="IResult"/>, executed on the request's
/// <see cref="HttpContext"/> by the worker's ASP.NET Core integration (which runs <see cref="IActionResult"/>s), followed by
/// what the standalone host's status-code pages add to a bodiless error (a problem document).
/// </summary>
public sealed class HttpApiResult(IResult result) : IActionResult
{
    /// <summary>What the shared handler answered.</summary>
    public IResult Result { get; } = result;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Result.ExecuteAsync(context.HttpContext);
        await StatusCodeProblems.WriteIfBodilessAsync(context.HttpContext);
    }
}

/// <summary>The standalone host's <c>UseStatusCodePages()</c> with problem details, for one response.</summary>
public static class StatusCodeProblems
{
    /// <summary>An error status (4xx, 5xx) with nothing written yet gets the problem document of its status.</summary>
    public static async Task WriteIfBodilessAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = http.Response;
        var status = response.StatusCode;
        if (response.HasStarted || status < 400 || status >= 600 || response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType))
        {
            return;
        }

        await WriteAsync(http, status, exception: null);
    }

    /// <summary>Writes the problem document of <paramref name="status"/> (with the <c>code</c> the shared API adds).</summary>
    public static async Task WriteAsync(HttpContext http, int status, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        if (http.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status }, Exception = exception }))
        {
            return;
        }

        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync($"Status Code: {status}");
    }
}
