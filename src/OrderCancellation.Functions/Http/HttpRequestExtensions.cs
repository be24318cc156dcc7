namespace OrderCancellation.Functions.Http;

/// <summary>What the standalone host's minimal-API binding does for a handler's parameters, done by hand.</summary>
internal static class HttpRequestExtensions
{
    /// <summary>A service the handler takes, from the invocation's services (the request's, as in ASP.NET Core).</summary>
    public static T Service<T>(this HttpRequest request)
        where T : notnull => request.HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>An optional query-string parameter: null when absent.</summary>
    public static string? Query(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
