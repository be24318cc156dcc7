using System.Reflection;

namespace OrderCancellation.Pages;

/// <summary>The files of <c>wwwroot/</c>, embedded in this assembly and served by name.</summary>
internal static class PageAssets
{
    private static readonly Assembly Assembly = typeof(PageAssets).Assembly;

    private static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static IResult Get(string name, HttpContext http)
    {
        if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType) || Assembly.GetManifestResourceStream($"pages/{name}") is not { } stream)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Stream(stream, contentType);
    }
}
