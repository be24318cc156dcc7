using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>Calls to /api/subscriptions the way a client makes them.</summary>
internal static class SubscriptionApi
{
    public const string Secret = "a-secret-of-24-characters";

    public static async Task<string> SubscribeAsync(HttpClient client, Uri url, params string[] events)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/subscriptions", UriKind.Relative), new { url, secret = Secret, events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("subscriptionId").GetString()!;
    }
}
