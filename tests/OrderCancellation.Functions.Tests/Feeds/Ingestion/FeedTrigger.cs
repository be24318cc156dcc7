using System.Net.Http.Json;
using System.Text.Json;

namespace OrderCancellation.Functions.Tests.Feeds.Ingestion;

/// <summary>Posts a feed queue message to <c>/FeedQueueTrigger</c> as the Functions host does (string values double-encoded, DequeueCount a string).</summary>
internal static class FeedTrigger
{
    public static async Task<HttpResponseMessage> DeliverAsync(HttpClient client, string body, int dequeueCount)
    {
        var envelope = new
        {
            Data = new { message = JsonSerializer.Serialize(body) },
            Metadata = new
            {
                DequeueCount = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Id = JsonSerializer.Serialize($"m-{Guid.NewGuid():N}"),
                sys = new { MethodName = "FeedQueueTrigger" },
            },
        };
        return await client.PostAsJsonAsync(new Uri("/FeedQueueTrigger", UriKind.Relative), envelope);
    }

    public static string FeedMessage(string feedId) => JsonSerializer.Serialize(new { feedId });
}
