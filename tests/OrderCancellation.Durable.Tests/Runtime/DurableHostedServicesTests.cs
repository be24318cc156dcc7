using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderCancellation.Durable.Tests.Support;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Durable.Tests.Runtime;

/// <summary>
/// The runtime's hosted service can be stopped by two callers at once: a host run with <c>RunAsync</c> stops itself
/// when its lifetime says so while whoever disposes it stops it too (WebApplicationFactory does both). A guard, not a
/// reproduction: the race CI once hit needs both stops suspended on busy pollers, which this cannot force.
/// </summary>
public sealed class DurableHostedServicesTests
{
    [Fact]
    public async Task Stopping_the_runtime_from_several_callers_at_once_stops_its_pollers_without_error()
    {
        using var file = new SqliteTempFile();
        await using var host = await TestHost.StartAsync("sqlite", file.ConnectionString, settings: new Dictionary<string, string?> { ["Durable:PollersEnabled"] = "true" });
        var runtime = host.Services.GetServices<IHostedService>().OfType<DurableHostedServices>().Single();

        for (var round = 0; round < 50; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => runtime.StopAsync(CancellationToken.None))));
            await runtime.StartAsync(CancellationToken.None);
        }
    }
}
