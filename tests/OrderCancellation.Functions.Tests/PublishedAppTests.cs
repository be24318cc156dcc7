using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>
/// The deployment package (<c>scripts/publish.sh</c>) is what the Functions host needs: functions.metadata lists every
/// function with its trigger, route and binding names; extensions.json loads Durable Task and Storage Queues;
/// worker.config.json starts a dotnet-isolated worker; host.json is the repository's; the zip holds the same files.
/// The host cannot run here, so this is what is checked instead.
/// </summary>
public sealed class PublishedAppTests(PublishedApp published, StandaloneEndpoints standalone) : IClassFixture<PublishedApp>, IClassFixture<StandaloneEndpoints>
{
    private static readonly Assembly App = typeof(FeedFunctions).Assembly;

    private IReadOnlyDictionary<string, JsonElement> Metadata =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Folder, "functions.metadata"))).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, StringComparer.Ordinal);

    [Fact]
    public void The_metadata_lists_every_function_of_the_app_once()
    {
        var declared = App.GetTypes().SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();
        Assert.Equal(declared.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(StringComparer.Ordinal), Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.All(declared, method =>
        {
            var entry = Metadata[method.GetCustomAttribute<FunctionAttribute>()!.Name];
            Assert.Equal($"{method.DeclaringType!.FullName}.{method.Name}", entry.GetProperty("entryPoint").GetString());
            Assert.Equal("OrderCancellation.Functions.dll", entry.GetProperty("scriptFile").GetString());
            Assert.Equal("dotnet-isolated", entry.GetProperty("language").GetString());
        });
        Assert.Equal(HttpFunctionCatalog.All.Count + 2 + 1 + 7 + 2, Metadata.Count); // HTTP, the two queue triggers, the orchestration, the activities, the two timers
    }

    [Fact]
    public void Each_HTTP_function_has_an_anonymous_trigger_with_its_route_and_methods_and_its_durable_client()
    {
        Assert.All(HttpFunctionCatalog.All, function =>
        {
            var bindings = Bindings(function.Name);
            var trigger = bindings["httpTrigger"];
            var request = function.Method.GetParameters().Single(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null);
            Assert.Equal(request.Name, trigger.GetProperty("name").GetString());
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Equal(function.Route, trigger.GetProperty("route").GetString());
            var methods = trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : [];
            Assert.Equal(function.Methods.Order(), methods.Order());
            Assert.Equal("$return", bindings["http"].GetProperty("name").GetString());

            var client = function.Method.GetParameters().SingleOrDefault(p => p.GetCustomAttribute<DurableClientAttribute>() is not null);
            Assert.Equal(client?.Name, bindings.TryGetValue("durableClient", out var durable) ? durable.GetProperty("name").GetString() : null);
        });
    }

    [Fact]
    public void The_published_HTTP_routes_are_the_standalone_hosts_both_ways()
    {
        var published = Metadata.Values.SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b =>
            {
                var route = EndpointRow.NormalizeRoute(b.GetProperty("route").GetString()!);
                return b.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(x => $"{x.GetString()!.ToUpperInvariant()} {route}")
                    : [$"* {route}"];
            })
            .ToHashSet(StringComparer.Ordinal);
        var endpoints = standalone.Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(endpoints.SetEquals(published), $"""
            Standalone endpoints without a published function: {string.Join(", ", endpoints.Except(published).Order())}
            Published functions without a standalone endpoint: {string.Join(", ", published.Except(endpoints).Order())}
            """);
    }

    [Fact]
    public void The_feed_queue_triggers_listen_on_the_feed_queue_and_its_poison_queue_of_the_hosts_storage()
    {
        var feed = Bindings("FeedQueueTrigger");
        Assert.Equal("message", feed["queueTrigger"].GetProperty("name").GetString());
        Assert.Equal("order-cancellation-feeds", feed["queueTrigger"].GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", feed["queueTrigger"].GetProperty("connection").GetString());
        Assert.Equal("client", feed["durableClient"].GetProperty("name").GetString());

        var poison = Bindings("FeedPoisonQueueTrigger");
        Assert.Equal("order-cancellation-feeds-poison", poison["queueTrigger"].GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", poison["queueTrigger"].GetProperty("connection").GetString());
    }

    [Fact]
    public void The_workflow_functions_have_orchestration_and_activity_triggers()
    {
        Assert.Equal("context", Bindings("OrderOrchestration")["orchestrationTrigger"].GetProperty("name").GetString());
        foreach (var activity in new[] { "SendNotification", "ReleaseAuthorization", "CapturePayment", "Restock", "PrepareOrderChange", "DeliverOrderChange", "ProjectOrder" })
        {
            var bindings = Bindings(activity);
            Assert.Equal("input", bindings["activityTrigger"].GetProperty("name").GetString());
            Assert.Single(bindings);
        }
    }

    [Fact]
    public void The_timer_functions_run_on_the_schedules_of_their_app_settings_and_only_when_due()
    {
        foreach (var (name, setting) in new[] { ("RetentionTimer", "%Retention:Schedule%"), ("PendingCommandsTimer", "%Orders:PendingCommandsSchedule%") })
        {
            var timer = Bindings(name)["timerTrigger"];
            Assert.Equal("timer", timer.GetProperty("name").GetString());
            Assert.Equal(setting, timer.GetProperty("schedule").GetString());
            Assert.False(timer.GetProperty("runOnStartup").GetBoolean());
            Assert.True(timer.GetProperty("useMonitor").GetBoolean());
        }

        Assert.Single(Bindings("RetentionTimer"));
        Assert.Equal("client", Bindings("PendingCommandsTimer")["durableClient"].GetProperty("name").GetString());
    }

    [Fact]
    public void The_host_loads_the_Durable_Task_and_Storage_Queues_extensions()
    {
        var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Folder, "extensions.json"))).RootElement.GetProperty("extensions").EnumerateArray().ToList();
        var names = extensions.Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageQueues", names);
        Assert.All(extensions, e => Assert.True(File.Exists(Path.Combine(published.Folder, e.GetProperty("hintPath").GetString()!)), e.GetProperty("hintPath").GetString()));
    }

    [Fact]
    public void The_worker_is_dotnet_isolated_on_net10()
    {
        var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Folder, "worker.config.json"))).RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("OrderCancellation.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        var runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Folder, "OrderCancellation.Functions.runtimeconfig.json"))).RootElement.GetProperty("runtimeOptions");
        Assert.Equal("net10.0", runtime.GetProperty("tfm").GetString());
    }

    [Fact]
    public void The_package_carries_the_repositorys_host_json_and_no_local_settings()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")), File.ReadAllText(Path.Combine(published.Folder, "host.json")));
        Assert.False(File.Exists(Path.Combine(published.Folder, "local.settings.json")));

        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Folder, "host.json"))).RootElement;
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var extensions = host.GetProperty("extensions");
        Assert.Equal(string.Empty, extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal(5, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        var durable = extensions.GetProperty("durableTask");
        Assert.False(string.IsNullOrEmpty(durable.GetProperty("hubName").GetString()));
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
    }

    [Fact]
    public void The_zip_holds_the_published_folder_with_host_json_at_its_root()
    {
        using var zip = ZipFile.OpenRead(published.Zip);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(published.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(published.Folder, f).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        Assert.True(files.SetEquals(entries), $"only in the folder: {string.Join(", ", files.Except(entries).Take(10))}; only in the zip: {string.Join(", ", entries.Except(files).Take(10))}");
        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll", entries);
    }

    /// <summary>A function's bindings by type.</summary>
    private Dictionary<string, JsonElement> Bindings(string functionName) =>
        Metadata[functionName].GetProperty("bindings").EnumerateArray().ToDictionary(b => b.GetProperty("type").GetString()!, StringComparer.Ordinal);
}
