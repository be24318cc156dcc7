using System.Net;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Hosting;

public sealed class HealthEndpointTests(EmbeddedAppFactory factory) : IClassFixture<EmbeddedAppFactory>
{
    [Fact]
    public async Task Liveness_answers_ok_without_checking_dependencies()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
