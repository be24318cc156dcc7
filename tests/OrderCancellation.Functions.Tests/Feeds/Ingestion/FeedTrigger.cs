using System.Net.Http.Json;
using System.Text.Json;

namespace OrderCancellation.Functions.Tests.Feeds.Ingestion;

/// <summary>Posts a feed queue message to the feed queue's triggers as the Functions host does (string values double-encoded, DequeueCount a string).</summary>
internal static class FeedTrigger
{
    public static Task<HttpResponseMessage> DeliverAsync(HttpClient client, string body, int dequeueCount) =>
        PostAsync(client, "FeedQueueTrigger", body, dequeueCount);

    /// <summary>A message the host moved to the poison queue, delivered to <c>/FeedPoisonQueueTrigger</c>.</summary>
    public static Task<HttpResponseMessage> DeliverPoisonedAsync(HttpClient client, string body) =>
        PostAsync(client, "FeedPoisonQueueTrigger", body, 1);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string function, string body, int dequeueCount)
    {
        var envelope = new
        {
            Data = new { message = JsonSerializer.Serialize(body) },
            Metadata = new
            {
                DequeueCount = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Id = JsonSerializer.Serialize($"m-{Guid.NewGuid():N}"),
                sys = new { MethodName = function },
            },
        };
        return await client.PostAsJsonAsync(new Uri("/" + function, UriKind.Relative), envelope);
    }

    public static string FeedMessage(string feedId) => JsonSerializer.Serialize(new { feedId });
}
