using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

public sealed class SubscriptionEndpointTests
{
    private static readonly Uri Subscriptions = new("/api/subscriptions", UriKind.Relative);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_seller_creates_reads_lists_and_deletes_a_subscription_whose_secret_is_never_shown(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store);
        var seller = host.As("seller", "S1");

        using var created = await seller.PostAsJsonAsync(Subscriptions, new { url = "https://hooks.example/orders?x=1", secret = SubscriptionApi.Secret, events = new[] { "OrderStatusChange", "BuyerRequestedChange" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SubscriptionApi.Secret, body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("subscriptionId").GetString()!;
        Assert.Equal($"/api/subscriptions/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("https://hooks.example/orders?x=1", json.RootElement.GetProperty("url").GetString());
        Assert.Equal(["OrderStatusChange", "BuyerRequestedChange"], json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("S1", json.RootElement.GetProperty("sellerId").GetString());

        using var read = await seller.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body, await read.Content.ReadAsStringAsync());

        var list = await seller.GetFromJsonAsync<JsonElement>(Subscriptions);
        Assert.Equal([id], list.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("subscriptionId").GetString()));

        using var deleted = await seller.DeleteAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await seller.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("not-found", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var deletedAgain = await seller.DeleteAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task A_seller_neither_sees_nor_deletes_another_sellers_subscription()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var id = await SubscriptionApi.SubscribeAsync(host.As("seller", "S1"), new Uri("https://s1.example/hook"), "OrderStatusChange");
        var other = host.As("seller", "S2");
        var marketplace = host.As("marketplace", "amazon");

        using var read = await other.GetAsync(new Uri($"/api/subscriptions/{id}", UriKind.Relative));
        using var delete = await other.DeleteAsync(new Uri($"/api/subscriptions/{id}", UriKind.Relative));
        var list = await other.GetFromJsonAsync<JsonElement>(Subscriptions);
        var marketplaceList = await marketplace.GetFromJsonAsync<JsonElement>(Subscriptions);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(0, list.GetProperty("subscriptions").GetArrayLength());
        Assert.Equal(0, marketplaceList.GetProperty("subscriptions").GetArrayLength());
        using var stillThere = await host.As("seller", "S1").GetAsync(new Uri($"/api/subscriptions/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task A_marketplace_subscription_covers_every_order_and_names_no_seller()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var marketplace = host.As("marketplace", "amazon");

        using var created = await marketplace.PostAsJsonAsync(Subscriptions, new { url = "https://marketplace.example/hook", secret = SubscriptionApi.Secret, events = new[] { "BuyerRequestedChange" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.TryGetProperty("sellerId", out _));
    }

    [Theory]
    [InlineData("buyer")]
    [InlineData("support")]
    public async Task Buyers_and_support_may_not_use_subscriptions(string role)
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var client = host.As(role, "X1");

        using var post = await client.PostAsJsonAsync(Subscriptions, new { url = "https://hooks.example/", secret = SubscriptionApi.Secret, events = new[] { "OrderStatusChange" } });
        using var list = await client.GetAsync(Subscriptions);
        using var delete = await client.DeleteAsync(new Uri("/api/subscriptions/x", UriKind.Relative));

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { post.StatusCode, list.StatusCode, delete.StatusCode });
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);

        using var response = await host.CreateClient().GetAsync(Subscriptions);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"secret":"a-secret-of-24-characters","events":["OrderStatusChange"]}""", "url")]
    [InlineData("""{"url":"hooks.example/x","secret":"a-secret-of-24-characters","events":["OrderStatusChange"]}""", "url")]
    [InlineData("""{"url":"/relative","secret":"a-secret-of-24-characters","events":["OrderStatusChange"]}""", "url")]
    [InlineData("""{"url":"ftp://hooks.example/x","secret":"a-secret-of-24-characters","events":["OrderStatusChange"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@hooks.example/x","secret":"a-secret-of-24-characters","events":["OrderStatusChange"]}""", "url")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"fifteen-chars!!","events":["OrderStatusChange"]}""", "secret")]
    [InlineData("""{"url":"https://hooks.example/x","events":["OrderStatusChange"]}""", "secret")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters","events":[]}""", "events")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters"}""", "events")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters","events":["OrderStatusChange","ItemShipped"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters","events":["orderstatuschange"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters","events":["0"]}""", "events")]
    [InlineData("""{"url":"https://hooks.example/x","secret":"a-secret-of-24-characters","events":"OrderStatusChange"}""", "events")]
    public async Task An_invalid_request_is_a_400_problem_naming_the_field(string json, string field)
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);

        using var response = await host.As("seller", "S1").PostAsync(Subscriptions, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await host.As("seller", "S1").GetFromJsonAsync<JsonElement>(Subscriptions)).GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_subscription_and_another_body_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var seller = host.As("seller", "S1");
        var other = host.As("seller", "S2");

        var first = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/a");
        var again = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/a");
        var otherSeller = await PostWithKeyAsync(other, "key-1", "https://hooks.example/a");
        var reused = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/b");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, again.Status, otherSeller.Status));
        Assert.Equal(first.Body, again.Body);
        Assert.NotEqual(Id(first.Body), Id(otherSeller.Body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal("idempotency-key-reused", JsonDocument.Parse(reused.Body).RootElement.GetProperty("code").GetString());
        Assert.Equal(1, (await seller.GetFromJsonAsync<JsonElement>(Subscriptions)).GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_with_another_secret_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var seller = host.As("seller", "S1");

        var first = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/a");
        var again = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/a");
        var otherSecret = await PostWithKeyAsync(seller, "key-1", "https://hooks.example/a", secret: "another-secret-of-24-chars");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, again.Status));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherSecret.Status);
        Assert.Equal("idempotency-key-reused", JsonDocument.Parse(otherSecret.Body).RootElement.GetProperty("code").GetString());
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostWithKeyAsync(HttpClient client, string key, string url, string secret = SubscriptionApi.Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Subscriptions)
        {
            Content = JsonContent.Create(new { url, secret, events = new[] { "OrderStatusChange" } }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Id(string body) => JsonDocument.Parse(body).RootElement.GetProperty("subscriptionId").GetString()!;
}
