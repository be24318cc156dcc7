using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;

namespace OrderCancellation.Functions.Http;

/// <summary>One HTTP-triggered function: its name, methods (empty: any), route and the authorization its method declares.</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, IReadOnlyList<IAuthorizeData> Authorize, bool AllowAnonymous, MethodInfo Method);

/// <summary>The app's HTTP functions, read once from their attributes (<c>[Function]</c>, <c>[HttpTrigger]</c>, <c>[Authorize]</c>).</summary>
public static class HttpFunctionCatalog
{
    private static readonly Lazy<FrozenDictionary<string, HttpFunction>> ByName = new(() => Read(typeof(HttpFunctionCatalog).Assembly).ToFrozenDictionary(f => f.Name, StringComparer.Ordinal));

    public static IReadOnlyCollection<HttpFunction> All => ByName.Value.Values;

    public static HttpFunction? Find(string functionName) => ByName.Value.GetValueOrDefault(functionName);

    public static IEnumerable<HttpFunction> Read(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function
                || method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null) is not { } trigger)
            {
                continue;
            }

            var attributes = method.GetCustomAttributes(inherit: true).Concat(method.DeclaringType!.GetCustomAttributes(inherit: true)).ToList();
            yield return new HttpFunction(
                function.Name,
                [.. (trigger.Methods ?? []).Select(m => m.ToUpperInvariant())],
                trigger.Route ?? function.Name,
                [.. attributes.OfType<IAuthorizeData>()],
                attributes.OfType<IAllowAnonymous>().Any(),
                method);
        }
    }
}
