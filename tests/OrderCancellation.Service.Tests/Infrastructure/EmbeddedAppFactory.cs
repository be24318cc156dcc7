using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Infrastructure;

/// <summary>
/// The app exactly as <c>dotnet run</c> starts it (Development settings, embedded defaults), except that
/// its SQLite store is a throwaway file instead of <c>./data</c>.
/// </summary>
public sealed class EmbeddedAppFactory : WebApplicationFactory<Program>
{
    private readonly SqliteTempFile _store = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Store", _store.ConnectionString)
            .UseSetting(OrderCancellation.Api.Http.RequestLogging.EnabledKey, "false"); // Development's request log, not wanted in tests

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Dispose();
    }
}
