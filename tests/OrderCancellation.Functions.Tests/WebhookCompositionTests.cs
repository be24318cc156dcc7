using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderCancellation.Functions.Functions;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests;

/// <summary>The worker guards webhooks as the standalone host does: the shared registration (<c>AddActivities</c>) brings it all.</summary>
public sealed class WebhookCompositionTests
{
    [Fact]
    public async Task The_worker_keeps_its_data_protection_keys_in_the_store()
    {
        await using var app = FunctionsTestApp.Create();

        var keys = app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;

        Assert.Equal("StoreXmlRepository", keys.XmlRepository?.GetType().Name);
    }

    [Fact]
    public async Task The_worker_refuses_a_subscription_to_a_loopback_url()
    {
        await using var app = await FunctionsTestApp.StartAsync();
        var seller = FunctionsTestApp.User("seller", "S-ssrf");

        var request = app.Request("POST", "/api/subscriptions", seller, """{"url":"https://127.0.0.1/hook","secret":"0123456789abcdef0123","events":["OrderStatusChange"]}""");
        var answer = await FunctionsTestApp.RunAsync(request, await SubscriptionFunctions.CreateSubscription(request));

        Assert.Equal(422, answer.Status);
        Assert.Equal("url-not-allowed", answer.Json.GetProperty("code").GetString());
    }
}
