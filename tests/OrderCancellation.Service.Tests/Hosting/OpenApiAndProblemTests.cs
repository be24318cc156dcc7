using System.Net;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Hosting;

public sealed class OpenApiAndProblemTests(EmbeddedAppFactory factory) : IClassFixture<EmbeddedAppFactory>
{
    [Fact]
    public async Task OpenApi_document_is_served_at_the_documented_path()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_path_answers_a_problem_with_a_code()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/no/such/path", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not-found", document.RootElement.GetProperty("code").GetString());
    }
}
