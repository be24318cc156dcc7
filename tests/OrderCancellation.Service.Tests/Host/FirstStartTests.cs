using Microsoft.Extensions.Logging;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>A newcomer's first <c>dotnet run</c>: a store that does not exist yet is created without a single error logged.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task A_first_start_on_a_fresh_store_logs_no_error()
    {
        await using var app = new FreshDevelopmentApp();
        using var client = app.CreateClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        // Data Protection reads its key ring from data_protection_keys when the host starts: before the fix it ran ahead
        // of the schema migration and logged "no such table" on every first start.
        Assert.Empty(app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));
    }

    private sealed class FreshDevelopmentApp() : LoggedApp("Development");
}
