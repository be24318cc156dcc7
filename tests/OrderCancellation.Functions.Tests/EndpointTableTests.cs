using System.Collections;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;
using OrderCancellation.Workflow;
using OrderCancellation.Workflow.Activities;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The Functions app serves the standalone host's API, no more and no less: every endpoint of the standalone host's
/// table has an HTTP function with the same method and route (routePrefix is "" in host.json), every HTTP function is
/// one of its endpoints, with the same authorization policies and name. And the workflow's functions carry exactly the
/// names the Workflow registers.
/// </summary>
public sealed class EndpointTableTests(StandaloneEndpoints standalone) : IClassFixture<StandaloneEndpoints>
{
    [Fact]
    public void Every_standalone_endpoint_has_an_HTTP_function_with_its_method_and_route_and_no_function_is_extra()
    {
        var functions = EndpointRow.Functions().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var endpoints = standalone.Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(endpoints.Count >= 20, $"The standalone table looks incomplete: {string.Join(", ", endpoints)}");

        Assert.True(endpoints.SetEquals(functions), $"""
            Standalone endpoints without a function: {string.Join(", ", endpoints.Except(functions).Order())}
            Functions without a standalone endpoint: {string.Join(", ", functions.Except(endpoints).Order())}
            """);
    }

    [Fact]
    public void Each_HTTP_function_requires_the_policies_and_has_the_name_of_its_standalone_endpoint()
    {
        var byKey = standalone.Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        Assert.All(EndpointRow.Functions(), function =>
        {
            var endpoint = byKey[function.Key];
            Assert.True(endpoint.Policies == function.Policies, $"{function.Key}: standalone [{endpoint.Policies}], function {function.Name} [{function.Policies}]");
            if (endpoint.Name is not null)
            {
                Assert.Equal(endpoint.Name, function.Name);
            }
        });
    }

    [Fact]
    public void Every_HTTP_function_is_anonymous_to_the_Functions_host_and_avoids_its_reserved_routes()
    {
        Assert.All(HttpFunctionCatalog.All, f =>
        {
            var trigger = f.Method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
            Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
            Assert.False(f.Route.StartsWith("admin", StringComparison.OrdinalIgnoreCase), f.Route);
            Assert.False(f.Route.StartsWith("runtime/webhooks", StringComparison.OrdinalIgnoreCase), f.Route);
        });
    }

    [Fact]
    public void The_orchestration_and_activity_functions_are_named_as_the_Workflow_registers_them()
    {
        var registry = new DurableTaskRegistry().AddOrderWorkflow();
        var orchestrators = RegisteredNames(registry, "Orchestrators");
        var activities = RegisteredNames(registry, "Activities");
        Assert.Equal([OrderOrchestration.Name], orchestrators);
        Assert.Equal(
            typeof(EffectNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal),
            activities);

        var methods = typeof(WorkflowFunctions).GetMethods().Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();
        Assert.Equal(orchestrators, methods.Where(m => Has<OrchestrationTriggerAttribute>(m)).Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(activities, methods.Where(m => Has<ActivityTriggerAttribute>(m)).Select(Name).Order(StringComparer.Ordinal));
    }

    private static string Name(MethodInfo method) => method.GetCustomAttribute<FunctionAttribute>()!.Name;

    private static bool Has<T>(MethodInfo method)
        where T : Attribute => method.GetParameters().Any(p => p.GetCustomAttribute<T>() is not null);

    /// <summary>The task names in the registry's (internal) table of orchestrators or activities (pairs keyed by name, or by name and version).</summary>
    private static IReadOnlyList<string> RegisteredNames(DurableTaskRegistry registry, string kind)
    {
        var table = typeof(DurableTaskRegistry).GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(p => p.Name == kind);
        return [.. ((IEnumerable)table.GetValue(registry)!).Cast<object>()
            .Select(entry => NameOf(entry.GetType().GetProperty("Key")!.GetValue(entry)!))
            .Order(StringComparer.Ordinal)];

        static string NameOf(object key) => key is TaskName name
            ? name.Name
            : ((TaskName)key.GetType().GetProperty("Name")!.GetValue(key)!).Name;
    }
}
