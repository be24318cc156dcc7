using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>An owner holds at most <c>Webhooks:MaxSubscriptionsPerOwner</c> subscriptions, listed in pages as orders are.</summary>
public sealed class SubscriptionLimitTests
{
    private static readonly Uri Subscriptions = new("/api/subscriptions", UriKind.Relative);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_owner_past_the_subscription_limit_is_refused_and_other_owners_are_not(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store, new Dictionary<string, string?> { ["Webhooks:MaxSubscriptionsPerOwner"] = "2" });
        var seller = host.As("seller", "S1");
        using var first = await PostAsync(seller, "https://hooks.example/1", key: "k1");
        using var second = await PostAsync(seller, "https://hooks.example/2");

        using var third = await PostAsync(seller, "https://hooks.example/3");
        using var firstAgain = await PostAsync(seller, "https://hooks.example/1", key: "k1");
        using var otherSeller = await PostAsync(host.As("seller", "S2"), "https://hooks.example/3");

        Assert.Equal(
            (HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Created, HttpStatusCode.Created),
            (first.StatusCode, second.StatusCode, third.StatusCode, firstAgain.StatusCode, otherSeller.StatusCode));
        var problem = await third.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("subscription-limit-reached", problem.GetProperty("code").GetString());
        Assert.Equal(2, (await ListAsync(seller, "")).Subscriptions.Count);

        using (await seller.DeleteAsync(second.Headers.Location))
        {
        }

        using var afterDelete = await PostAsync(seller, "https://hooks.example/3");
        Assert.Equal(HttpStatusCode.Created, afterDelete.StatusCode);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Subscriptions_are_listed_in_pages_with_a_next_page_token(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store);
        var seller = host.As("seller", "S1");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await PostAsync(seller, $"https://hooks.example/{i}");
            created.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!);
        }

        using (await PostAsync(host.As("seller", "S2"), "https://hooks.example/other"))
        {
        }

        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await ListAsync(seller, $"?pageSize=2{(token is null ? "" : $"&pageToken={token}")}");
            pages.Add(page.Subscriptions);
            token = page.NextPageToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(created.Order(StringComparer.Ordinal), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task A_page_size_or_page_token_that_is_not_valid_is_a_400()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var seller = host.As("seller", "S1");

        foreach (var (query, field) in new[]
        {
            ("?pageSize=0", "pageSize"), ("?pageSize=101", "pageSize"), ("?pageSize=abc", "pageSize"), ("?pageSize=-1", "pageSize"),
            ("?pageToken=not-a-token", "pageToken"), ("?pageToken=%00", "pageToken"), ($"?pageToken={new string('A', 500)}", "pageToken"),
        })
        {
            using var response = await seller.GetAsync(new Uri("/api/subscriptions" + query, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    [Theory]
    [InlineData("Webhooks:MaxSubscriptionsPerOwner", "0")]
    [InlineData("Webhooks:Timeout", "00:00:00")]
    public async Task Invalid_webhook_options_stop_the_app_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { [key] = value });
        });

        Assert.True(error.GetBaseException() is OptionsValidationException, error.ToString());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Subscriptions)
        {
            Content = JsonContent.Create(new { url, secret = SubscriptionApi.Secret, events = new[] { "OrderStatusChange" } }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private static async Task<(IReadOnlyList<string> Subscriptions, string? NextPageToken)> ListAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/subscriptions" + query, UriKind.Relative));
        return (
            [.. page.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("subscriptionId").GetString()!)],
            page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null);
    }
}
