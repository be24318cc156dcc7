using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Notifications;

/// <summary>
/// Which URLs POST /api/subscriptions takes (server-side request forgery): public https only, unless
/// <c>Webhooks:AllowPrivateNetworks</c> and <c>Webhooks:RequireHttps</c> say otherwise. Host names resolve through
/// <see cref="StaticHostResolver"/>.
/// </summary>
public sealed class SubscriptionUrlTests
{
    private static readonly Uri Subscriptions = new("/api/subscriptions", UriKind.Relative);

    private static readonly string[] LoopbackUrls =
    [
        "https://127.0.0.1/hook",
        "https://127.0.0.1:7071/api/orders",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://2130706433/hook",
        "https://0x7f.0.0.1/hook",
        "https://0177.0.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[::]/hook",
    ];

    private static readonly string[] PrivateUrls =
    [
        "https://10.0.0.5/hook",
        "https://172.16.8.1/hook",
        "https://192.168.0.10/hook",
        "https://[fd12::1]/hook",
        "https://[fe80::1]/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://100.100.100.200/latest/meta-data/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://[::ffff:169.254.169.254]/",
        "https://100.64.0.1/hook",
        "https://224.0.0.251/hook",
    ];

    [Fact]
    public async Task A_subscription_to_a_loopback_url_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);

        foreach (var url in LoopbackUrls)
        {
            await AssertRefusedAsync(host, url);
        }
    }

    [Fact]
    public async Task A_subscription_to_a_private_link_local_metadata_cgnat_or_multicast_address_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);

        foreach (var url in PrivateUrls)
        {
            await AssertRefusedAsync(host, url);
        }
    }

    [Fact]
    public async Task A_host_that_resolves_to_a_private_address_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var resolver = host.Services.GetRequiredService<StaticHostResolver>();
        string[][] answers = [["127.0.0.1"], ["10.0.0.7"], ["169.254.169.254"], ["::1"], ["::ffff:192.168.0.1"], ["93.184.215.14", "192.168.1.1"]];

        foreach (var addresses in answers)
        {
            resolver.Map("evil.example", addresses);
            var problem = await AssertRefusedAsync(host, "https://evil.example/hook");
            Assert.Contains("evil.example", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_refused()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        host.Services.GetRequiredService<StaticHostResolver>().Map("nowhere.example");

        await AssertRefusedAsync(host, "https://nowhere.example/hook");
    }

    [Fact]
    public async Task An_http_url_is_refused_outside_development_and_https_to_a_public_host_is_taken()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);

        await AssertRefusedAsync(host, "http://hooks.example/hook");
        using var https = await host.As("seller", "S1").PostAsJsonAsync(Subscriptions, Body("https://hooks.example/hook"));
        Assert.Equal(HttpStatusCode.Created, https.StatusCode);
    }

    [Fact]
    public async Task Private_addresses_and_http_are_taken_when_the_configuration_allows_them()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:RequireHttps"] = "false",
        });
        host.Services.GetRequiredService<StaticHostResolver>().Map("receiver.internal", "10.0.0.7");
        var seller = host.As("seller", "S1");

        using var loopback = await seller.PostAsJsonAsync(Subscriptions, Body("http://127.0.0.1:9/hook"));
        using var named = await seller.PostAsJsonAsync(Subscriptions, Body("http://receiver.internal/hook"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (loopback.StatusCode, named.StatusCode));
    }

    [Fact]
    public async Task Cloud_metadata_services_are_refused_even_where_private_networks_are_allowed()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "true" });
        host.Services.GetRequiredService<StaticHostResolver>().Map("metadata.example", "169.254.169.254");

        foreach (var url in new[]
        {
            "https://169.254.169.254/latest/meta-data/", "https://[::ffff:169.254.169.254]/", "https://[fd00:ec2::254]/",
            "https://169.254.170.2/v2/credentials", "https://100.100.100.200/", "https://metadata.google.internal/", "https://metadata.example/",
        })
        {
            await AssertRefusedAsync(host, url);
        }
    }

    private static object Body(string url) => new { url, secret = SubscriptionApi.Secret, events = new[] { "OrderStatusChange" } };

    /// <summary>422 url-not-allowed, and nothing stored.</summary>
    private static async Task<JsonElement> AssertRefusedAsync(ServiceHost host, string url)
    {
        var seller = host.As("seller", "S1");
        using var response = await seller.PostAsJsonAsync(Subscriptions, Body(url));

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("url-not-allowed", problem.GetProperty("code").GetString());
        Assert.Equal(0, (await seller.GetFromJsonAsync<JsonElement>(Subscriptions)).GetProperty("subscriptions").GetArrayLength());
        return problem;
    }
}
