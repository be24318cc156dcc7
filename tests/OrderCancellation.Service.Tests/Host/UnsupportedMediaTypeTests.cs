using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Auth;

namespace OrderCancellation.Service.Tests.HostSetup;

/// <summary>
/// Issue 22 point 6: every 415 says what to send: its detail names the accepted content types, and so does its
/// <c>acceptedContentTypes</c> member; curl's default form encoding is called out. A body with no Content-Type at all
/// is taken as the endpoint's own format (JSON; the feed type's document).
/// </summary>
[Collection(HostApps.Name)]
public sealed class UnsupportedMediaTypeTests(DevelopmentApp app)
{
    private const string AckFeed = "/api/feeds?feedType=POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA";
    private const string Tsv = "order-id\tamazon-order-item-code\tcancellation-reason-code\n";

    [Fact]
    public async Task A_feed_of_an_unknown_content_type_is_415_naming_every_feed_content_type()
    {
        var problem = await PostAsync(Roles.Seller, AckFeed, Tsv, "text/csv");

        Assert.Equal(["text/tab-separated-values", "application/json", "text/plain", "application/octet-stream", "text/xml", "application/xml"], Accepted(problem));
        Assert.StartsWith("The body came as text/csv. Send it with Content-Type text/tab-separated-values, application/json, ", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_sent_as_curl_sends_by_default_is_415_saying_exactly_what_to_send()
    {
        var problem = await PostAsync(Roles.Seller, AckFeed, Tsv, "application/x-www-form-urlencoded");

        Assert.Contains("text/tab-separated-values", Accepted(problem));
        Assert.Contains("text/xml", Accepted(problem)); // routing refuses it before the feed type is read: every feed's types

        Assert.Contains("curl", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("-H \"Content-Type: text/tab-separated-values\"", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XML_feed_sent_as_TSV_is_415_naming_the_XML_content_types()
    {
        var problem = await PostAsync(Roles.Seller, "/api/feeds?feedType=POST_ORDER_ACKNOWLEDGEMENT_DATA", "<AmazonEnvelope/>", "text/tab-separated-values");

        Assert.Equal("text/xml", Accepted(problem)[0]);
        Assert.DoesNotContain("text/tab-separated-values", Accepted(problem));
        Assert.Contains("POST_ORDER_ACKNOWLEDGEMENT_DATA is XML", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_JSON_endpoint_sent_anything_but_JSON_is_415_naming_application_json(string contentType)
    {
        var problem = await PostAsync(Roles.Buyer, "/api/orders/111-0000000-0000415/cancel", """{"reason":"Ordered by mistake"}""", contentType);

        Assert.Equal(["application/json"], Accepted(problem));
        Assert.Contains("Content-Type application/json", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_body_without_a_content_type_is_read_as_JSON()
    {
        using var answer = await SendAsync(Roles.Buyer, "/api/orders/111-0000000-0000415/cancel", """{"reason":"Ordered by mistake"}""", contentType: null);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode); // decided on the order, not refused for its type
    }

    [Fact]
    public async Task A_feed_without_a_content_type_is_taken_as_its_feed_type_says()
    {
        using var answer = await SendAsync(Roles.Seller, AckFeed, Tsv + "111-0000000-0000415\t\tNoInventory\n", contentType: null);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string role, string path, string body, string? contentType)
    {
        using var client = app.CreateClient();
        var token = DevTokenIssuer.Issue(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey }, role, "U415", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private async Task<JsonElement> PostAsync(string role, string path, string body, string contentType)
    {
        using var answer = await SendAsync(role, path, body, contentType);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{(int)answer.StatusCode}: {text}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal("unsupported-media-type", problem.GetProperty("code").GetString());
        return problem;
    }

    private static string[] Accepted(JsonElement problem) =>
        [.. problem.GetProperty("acceptedContentTypes").EnumerateArray().Select(t => t.GetString()!)];

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
