using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace OrderCancellation.Api.Http;

/// <summary>
/// Routing answers 415 by itself when a request's Content-Type is not among an endpoint's <c>Accepts</c> types, with a
/// problem that says nothing of them. This finds the endpoints the request was for (method and route) and names their
/// types, as the API's own 415s do (<see cref="Problems.UnsupportedMediaType"/>).
/// </summary>
internal static class UnsupportedMediaTypes
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (status != StatusCodes.Status415UnsupportedMediaType || problem.Extensions.ContainsKey(Problems.AcceptedContentTypes))
        {
            return;
        }

        var accepted = AcceptedBy(context.HttpContext);
        if (accepted.Count > 0)
        {
            Problems.DescribeUnsupportedMediaType(problem, context.HttpContext.Request.ContentType, accepted);
        }
    }

    private static List<string> AcceptedBy(HttpContext http)
    {
        if (http.RequestServices.GetService<EndpointDataSource>() is not { } endpoints)
        {
            return [];
        }

        var request = http.Request;
        return [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 })
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } methods
                || methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
            .Where(e => new TemplateMatcher(new RouteTemplate(e.RoutePattern), []).TryMatch(request.Path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()!.ContentTypes)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
