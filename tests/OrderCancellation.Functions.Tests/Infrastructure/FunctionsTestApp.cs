using System.Reflection;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Queues;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;
using OrderCancellation.Store.Schema;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Functions.Tests.Infrastructure;

/// <summary>
/// The worker's services exactly as <c>Program</c> registers them (<see cref="FunctionsApp.CreateBuilder"/>), built but not
/// started (there is no Functions host to connect to), on a throwaway SQLite store with its schema applied. Feeds go to
/// the store's embedded queue instead of <c>AzureWebJobsStorage</c> (no Azurite needed); everything else is the app's.
/// Requests are <see cref="DefaultHttpContext"/>s whose services are an invocation scope, as the worker's are.
/// </summary>
public sealed class FunctionsTestApp : IAsyncDisposable
{
    public const string SigningKey = "functions-tests-signing-key-0123456789abcdef";

    private readonly SqliteTempFile store;

    private FunctionsTestApp(IHost host, SqliteTempFile store)
    {
        Host = host;
        this.store = store;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<FunctionsTestApp> StartAsync(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var app = Create(configure, settings);
        await app.Services.GetRequiredService<ISchemaMigrator>().MigrateAllAsync();
        return app;
    }

    /// <summary>The worker's services, not started and without the schema.</summary>
    public static FunctionsTestApp Create(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var store = new SqliteTempFile();
        var builder = FunctionsApp.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "sqlite",
            ["ConnectionStrings:Store"] = store.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Orders:AnswerTimeout"] = "00:00:02",
            ["RateLimits:Enabled"] = "false", // tests call functions many times as one caller; RateLimitFunctionTests turns it on
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // The extensions' worker start-up code (the Durable extension: its middleware, its data converter over the worker's
        // serializer) runs from the entry assembly's generated executor; the test host's entry assembly is not the app.
        if (typeof(FunctionsApp).Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>() is { } startup)
        {
            ((WorkerExtensionStartup)Activator.CreateInstance(startup.StartupCodeExecutorType)!).Configure(builder);
        }

        builder.Services.RemoveAll<AzureStorageQueueTransport>();
        configure?.Invoke(builder.Services);
        return new FunctionsTestApp(builder.Build(), store);
    }

    /// <summary>A request as the worker's ASP.NET Core integration hands it to a function: the caller already authenticated.</summary>
    public HttpRequest Request(string method, string path, ClaimsPrincipal? user = null, string? body = null, string? query = null, IDictionary<string, string>? headers = null)
    {
        var scope = Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("orders.example");
        http.Request.Path = path;
        http.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = "application/json";
        }

        http.Response.Body = new MemoryStream();
        http.User = user ?? new ClaimsPrincipal(new ClaimsIdentity());
        http.Response.RegisterForDisposeAsync(scope as IAsyncDisposable ?? new DisposableScope(scope));
        return http.Request;
    }

    /// <summary>Runs the function's answer as the worker's integration does (an <see cref="IActionResult"/>) and reads what it wrote.</summary>
    public static async Task<Answer> RunAsync(HttpRequest request, IActionResult result)
    {
        var http = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext { HttpContext = http });
        return Answer.From(http);
    }

    public static ClaimsPrincipal User(string role, string subject) =>
        new(new ClaimsIdentity([new Claim(Roles.SubjectClaimType, subject), new Claim(Roles.ClaimType, role)], "Bearer", Roles.SubjectClaimType, Roles.ClaimType));

    public static string Token(string role, string subject) =>
        DevTokenIssuer.Issue(new AuthOptions { SigningKey = SigningKey }, role, subject, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }

        store.Dispose();
    }

    private sealed class DisposableScope(IServiceScope scope) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            scope.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>What a function answered: status, headers and body text.</summary>
public sealed record Answer(int Status, IHeaderDictionary Headers, string Body)
{
    public static Answer From(HttpContext http)
    {
        var body = (MemoryStream)http.Response.Body;
        return new Answer(http.Response.StatusCode, http.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"{Status} {Body}";
}
