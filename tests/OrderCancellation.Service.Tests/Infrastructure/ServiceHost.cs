using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Auth;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Infrastructure;

public enum StoreKind { Sqlite, Postgres }

/// <summary>
/// The real app over a real store (a SQLite temp file or a fresh PostgreSQL database), with the real
/// runtime and pollers. <see cref="As"/> gives an HTTP client carrying a dev token for a role and id.
/// </summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    public const string SigningKey = "test-signing-key-0123456789abcdef0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly SqliteTempFile? _sqlite;
    private readonly Action<IServiceCollection>? _services;

    private ServiceHost(Dictionary<string, string?> settings, SqliteTempFile? sqlite, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _sqlite = sqlite;
        _services = services;
    }

    public StoreKind Store { get; private init; }

    /// <param name="settings">Extra configuration, e.g. <c>Cancellation:BuyerSelfCancelWindow</c>.</param>
    /// <param name="services">Test services registered last (fault injection around a boundary, e.g. the Durable Task client).</param>
    public static async Task<ServiceHost> StartAsync(StoreKind store, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(store, settings, services);
            }
            catch (ObjectDisposedException ex) when (attempt < 3 && ex.StackTrace?.Contains("DeferredHost", StringComparison.Ordinal) == true)
            {
                // WebApplicationFactory's race (dotnet/aspnetcore#40271 and kin): when the app's own start fails fast
                // (invalid options), Program's thread can dispose the host before the factory's thread looks at its
                // services, and the factory then reports ObjectDisposedException instead of the app's error. Once in
                // a full CI run; a fresh app surfaces the real cause.
            }
        }
    }

    private static async Task<ServiceHost> StartOnceAsync(StoreKind store, IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        var sqlite = store == StoreKind.Sqlite ? new SqliteTempFile() : null;
        var all = new Dictionary<string, string?>
        {
            ["Store:Provider"] = store == StoreKind.Sqlite ? "sqlite" : "postgres",
            ["ConnectionStrings:Store"] = sqlite?.ConnectionString ?? await SharedPostgres.CreateDatabaseAsync(),
            ["Auth:SigningKey"] = SigningKey,
            ["RateLimits:Enabled"] = "false", // tests send hundreds of requests as one caller; Limits/ tests turn it on
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new ServiceHost(all, sqlite, services) { Store = store };
        try
        {
            _ = host.Server; // start now: migrations and pollers run before the first request
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient As(string role, string subject)
    {
        var client = CreateClient();
        var token = DevTokenIssuer.Issue(new AuthOptions { SigningKey = SigningKey }, role, subject, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Program reads some keys while registering services (Auth:SigningKey, AzureWebJobsStorage), before the
        // factory's ConfigureAppConfiguration applies: host settings are visible from the start.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(StaticHostResolver.Register); // webhook host names resolve without the network
        builder.ConfigureTestServices(services => _services?.Invoke(services));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _sqlite?.Dispose();
    }
}
