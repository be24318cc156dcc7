using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>Mocked <see cref="FunctionContext"/>s: the function's name, its services and (HTTP) the request's context as the worker's integration stores it.</summary>
public static class FunctionContexts
{
    /// <summary>Where the ASP.NET Core integration keeps the invocation's <see cref="HttpContext"/> (what <c>GetHttpContext()</c> reads).</summary>
    public const string HttpContextKey = "HttpRequestContext";

    public static Mock<FunctionContext> For(string functionName, IServiceProvider services, HttpContext? http = null, CancellationToken cancellationToken = default)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);
        var items = new Dictionary<object, object>();
        if (http is not null)
        {
            items[HttpContextKey] = http;
        }

        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InstanceServices).Returns(services);
        context.SetupGet(c => c.Items).Returns(items);
        context.SetupGet(c => c.CancellationToken).Returns(cancellationToken);
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        return context;
    }
}
