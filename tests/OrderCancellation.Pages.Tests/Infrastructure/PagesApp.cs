using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Pages.Tests.Infrastructure;

/// <summary>
/// The standalone host (its <c>Program</c>, pages and API, the Durable Task worker) on Kestrel on a free 127.0.0.1 port,
/// over a throwaway SQLite file, with the development sign-in on and the rate limiter off: a browser reaches it over
/// real sockets.
/// </summary>
public sealed class PagesApp : WebApplicationFactory<Program>
{
    public const string SigningKey = "pages-test-signing-key-0123456789abcdef0123";

    private readonly SqliteTempFile _store = new();
    private readonly Dictionary<string, string?> _settings;

    public PagesApp(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "sqlite",
            ["ConnectionStrings:Store"] = _store.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["RateLimits:Enabled"] = "false",
            ["Pages:DevelopmentSignIn"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    /// <summary>Where the app listens (http://127.0.0.1:port), known once <see cref="Start"/> returned.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts Kestrel (migrations and pollers run first) and reads the port it was given.</summary>
    public PagesApp Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Program reads some keys while registering services: host settings are visible from the start.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Dispose();
    }
}
