using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// The app as <c>Program</c> builds it in an environment of the test's choice, on a throwaway SQLite store, with every
/// log entry captured (the 4xx log of <c>OrderCancellation.Api.Http.RequestLogging</c> at Debug included).
/// </summary>
public abstract class LoggedApp(string environment, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly SqliteTempFile _store = new();

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment)
            .UseSetting("ConnectionStrings:Store", _store.ConnectionString)
            .UseSetting("RateLimits:Enabled", "false")
            .UseSetting("Logging:LogLevel:OrderCancellation.Api.Http.RequestLogging", "Debug");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Dispose();
    }
}

/// <summary><c>dotnet run</c>'s environment: the development signing key from appsettings.Development.json, the request log on.</summary>
public sealed class DevelopmentApp() : LoggedApp("Development");

/// <summary>A deployed instance: its own signing key (the development key is refused there).</summary>
public sealed class ProductionApp() : LoggedApp("Production", new Dictionary<string, string?> { ["Auth:SigningKey"] = ServiceHost.SigningKey });

/// <summary>The two apps, started once for the host tests that need them.</summary>
[CollectionDefinition(Name)]
public sealed class HostApps : ICollectionFixture<DevelopmentApp>, ICollectionFixture<ProductionApp>
{
    public const string Name = "Host apps";
}
