using System.Net;
using Microsoft.AspNetCore.Hosting;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.TestSupport;

namespace OrderCancellation.Service.Tests.Hosting;

/// <summary>The interactive reference (Scalar) at <c>/scalar</c>: in Development only, anonymous, its script served by the app itself.</summary>
public sealed class ApiReferenceUiTests(EmbeddedAppFactory development) : IClassFixture<EmbeddedAppFactory>
{
    [Fact]
    public async Task In_Development_the_reference_answers_html_that_reads_the_document_and_loads_no_script_from_elsewhere()
    {
        using var client = development.CreateClient();

        using var page = await client.GetAsync(new Uri("/scalar", UriKind.Relative)); // redirects to /scalar/
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.DoesNotContain("//", script, StringComparison.Ordinal);
            using var asset = await client.GetAsync(new Uri($"/scalar/{script}", UriKind.Relative));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{script}: {(int)asset.StatusCode}");
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task Outside_Development_the_reference_is_not_there_but_the_document_is(string environment)
    {
        using var store = new SqliteTempFile(); // its own: two apps' workers on one file would compete for its work
        await using var other = development.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Store", store.ConnectionString);
            builder.UseSetting("Auth:SigningKey", ServiceHost.SigningKey); // appsettings.Development.json is not read
        });
        using var client = other.CreateClient();

        using var page = await client.GetAsync(new Uri("/scalar/", UriKind.Relative));
        using var document = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
