using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>Submits feeds and reads them back over HTTP, as a seller's tooling would.</summary>
internal static class FeedClient
{
    public const string Ack = "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA";
    public const string Adjustment = "POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA";
    public const string Json = "JSON_ORDER_CANCELLATION";
    public const string XmlAck = "POST_ORDER_ACKNOWLEDGEMENT_DATA";
    public const string XmlAdjustment = "POST_PAYMENT_ADJUSTMENT_DATA";

    /// <param name="contentType">Default: the feed type's own (JSON, XML, else TSV).</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string feedType, string content, string? idempotencyKey = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/feeds?feedType={feedType}")
        {
            Content = new StringContent(content, Encoding.UTF8, contentType ?? feedType switch
            {
                Json => "application/json",
                XmlAck or XmlAdjustment => "text/xml",
                _ => "text/tab-separated-values",
            }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> SubmitAsync(HttpClient client, string feedType, string content, string? idempotencyKey = null, string? contentType = null)
    {
        using var response = await PostAsync(client, feedType, content, idempotencyKey, contentType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var feedId = json.RootElement.GetProperty("feedId").GetString()!;
        Assert.Equal($"/api/feeds/{feedId}", response.Headers.Location?.ToString());
        return feedId;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string feedId)
    {
        using var response = await client.GetAsync(new Uri($"/api/feeds/{feedId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Polls the feed until it is DONE or FATAL.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient client, string feedId, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var feed = await GetAsync(client, feedId);
            if (Status(feed) is "DONE" or "FATAL")
            {
                return feed;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Feed {feedId} did not end in time: {feed}");
            }

            await Task.Delay(50);
        }
    }

    public static string Status(JsonElement feed) => feed.GetProperty("processingStatus").GetString()!;

    public static (long Processed, long Successful, long Errors, long Warnings) Summary(JsonElement feed)
    {
        var s = feed.GetProperty("summary");
        return (s.GetProperty("messagesProcessed").GetInt64(), s.GetProperty("messagesSuccessful").GetInt64(),
            s.GetProperty("messagesWithError").GetInt64(), s.GetProperty("messagesWithWarning").GetInt64());
    }

    public static async Task<string> ReportTsvAsync(HttpClient client, string feedId)
    {
        using var response = await client.GetAsync(new Uri($"/api/feeds/{feedId}/report", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/tab-separated-values", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonElement> ReportJsonAsync(HttpClient client, string feedId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feeds/{feedId}/report");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>The report's rows (after the column header line) as (record number, order id, item id, code, type).</summary>
    public static IReadOnlyList<(string Record, string OrderId, string ItemId, string Code, string Type)> TsvRows(string report)
    {
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.IndexOf(lines, "original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message");
        Assert.True(header > 0, report);
        return [.. lines.Skip(header + 1).Select(l => l.Split('\t')).Select(c => (c[0], c[1], c[2], c[3], c[4]))];
    }
}
