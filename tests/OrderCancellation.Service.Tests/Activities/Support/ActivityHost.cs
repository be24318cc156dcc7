using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Ledger;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Activities.Support;

/// <summary>
/// The real app (<see cref="ServiceHost"/>) with short effect retries (<c>Workflow:Effect*</c>), driven through its HTTP
/// API the way the marketplace, sellers and buyers drive it: orders are placed, paid, shipped and cancelled, and the
/// order workflow runs the effects (Durable Task activities) in the background. Tests wait for what they observe: the
/// ledger and notification tables, the receiver's requests, the order's history and its runtime status.
/// </summary>
public sealed class ActivityHost : IAsyncDisposable
{
    /// <summary>Attempts per effect (<c>Workflow:EffectMaxAttempts</c>), the first included.</summary>
    public const int MaxAttempts = 4;

    private ActivityHost(ServiceHost host) => Host = host;

    public ServiceHost Host { get; }

    internal NotificationStore Notices => Host.Services.GetRequiredService<NotificationStore>();

    internal LedgerStore Ledger => Host.Services.GetRequiredService<LedgerStore>();

    internal DeliveryStore Deliveries => Host.Services.GetRequiredService<DeliveryStore>();

    /// <param name="settings">Extra configuration, overriding the short retries if needed (e.g. <c>Workflow:EffectFirstRetryInterval</c>).</param>
    public static async Task<ActivityHost> StartAsync(StoreKind store, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Workflow:EffectMaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Workflow:EffectFirstRetryInterval"] = "00:00:00.100",
            ["Workflow:EffectBackoffCoefficient"] = "2",
            ["Workflow:EffectMaxRetryInterval"] = "00:00:00.400",
            ["Webhooks:Timeout"] = "00:00:05",
            ["Webhooks:AllowPrivateNetworks"] = "true", // the receiver is on http://127.0.0.1
            ["Webhooks:RequireHttps"] = "false",
            // Commands are answered when the workflow recorded them (a loaded machine takes longer than the 5 s default to answer).
            ["Orders:AnswerTimeout"] = "00:01:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ActivityHost(await ServiceHost.StartAsync(store, all));
    }

    public HttpClient Marketplace() => Host.As("marketplace", "amazon");

    public HttpClient Seller(string sellerId) => Host.As("seller", sellerId);

    public HttpClient Buyer(string buyerId) => Host.As("buyer", buyerId);

    /// <summary>
    /// Places a Merchant order of B1 from <paramref name="sellerId"/> (two SKU-1 at 10 USD on L1, one SKU-2 at 25 USD on
    /// L2), verifies its payment, and waits until the effects of both have run (the payment's ORDER_CHANGE among them),
    /// so that what a test sets up next sees only what it does itself.
    /// </summary>
    /// <param name="purchasedAgo">How long ago it was bought (past 30 minutes a buyer's cancel is a request to the seller).</param>
    public async Task<string> PlacePaidOrderAsync(string sellerId = "S1", TimeSpan? purchasedAgo = null)
    {
        var orderId = OrderScenario.NewOrderId();
        var purchased = DateTimeOffset.UtcNow - (purchasedAgo ?? TimeSpan.Zero);
        using var marketplace = Marketplace();
        await SendAsync(marketplace, HttpMethod.Post, "/api/orders", new
        {
            orderId,
            marketplaceId = OrderScenario.Marketplace,
            buyerId = "B1",
            sellerId,
            fulfillmentChannel = "Merchant",
            purchaseDate = purchased,
            latestShipDate = purchased.AddDays(2),
            lines = new object[]
            {
                new { lineId = "L1", sku = "SKU-1", quantity = 2, unitPrice = new { amount = 10.00m, currencyCode = "USD" } },
                new { lineId = "L2", sku = "SKU-2", quantity = 1, unitPrice = new { amount = 25.00m, currencyCode = "USD" } },
            },
        });
        await SendAsync(marketplace, HttpMethod.Post, $"/api/orders/{orderId}/payment", new { status = "Verified" });
        await WaitForQuietAsync(orderId);
        return orderId;
    }

    /// <summary>The seller cancels (the whole order, or <paramref name="lines"/>) and the API answers the command's outcome.</summary>
    public async Task<JsonElement> SellerCancelsAsync(string orderId, string sellerId = "S1", string reason = "GeneralAdjustment", params (string LineId, int Quantity)[] lines)
    {
        using var seller = Seller(sellerId);
        return await SendAsync(seller, HttpMethod.Post, $"/api/orders/{orderId}/cancel", lines.Length == 0
            ? new { reason }
            : new { reason, lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToArray() });
    }

    public async Task<JsonElement> BuyerCancelsAsync(string orderId, string buyerId = "B1", string reason = "changed my mind")
    {
        using var buyer = Buyer(buyerId);
        return await SendAsync(buyer, HttpMethod.Post, $"/api/orders/{orderId}/cancel", new { reason });
    }

    public async Task<JsonElement> ShipsAsync(string orderId, string lineId, int quantity, string sellerId = "S1")
    {
        using var seller = Seller(sellerId);
        return await SendAsync(seller, HttpMethod.Post, $"/api/orders/{orderId}/shipments", new { lines = new[] { new { lineId, quantity } } });
    }

    public async Task<JsonElement> OrderAsync(string orderId)
    {
        using var marketplace = Marketplace();
        return await SendAsync(marketplace, HttpMethod.Get, $"/api/orders/{orderId}", null);
    }

    /// <summary>The order's audit trail (<c>GET /api/orders/{id}/history</c>): its events, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> HistoryAsync(string orderId)
    {
        using var marketplace = Marketplace();
        var history = await SendAsync(marketplace, HttpMethod.Get, $"/api/orders/{orderId}/history", null);
        return [.. history.GetProperty("events").EnumerateArray()];
    }

    /// <summary>The order's notices as the API lists them (<c>GET /api/orders/{id}/notifications</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> NotificationsAsync(string orderId)
    {
        using var marketplace = Marketplace();
        var notices = await SendAsync(marketplace, HttpMethod.Get, $"/api/orders/{orderId}/notifications", null);
        return [.. notices.GetProperty("notifications").EnumerateArray()];
    }

    /// <summary>The orchestration's status (<c>GET /runtime/instances/{id}</c>).</summary>
    public async Task<JsonElement> RuntimeStatusAsync(string orderId)
    {
        using var marketplace = Marketplace();
        return await SendAsync(marketplace, HttpMethod.Get, $"/runtime/instances/{orderId}", null);
    }

    /// <summary>
    /// Waits until no effect of the order is running (retries included): its orchestration completed, or it publishes no
    /// pending effect. The answer to a command is published with the effects it started, so after an answer this waits
    /// for them.
    /// </summary>
    public Task<JsonElement> WaitForQuietAsync(string orderId) =>
        Eventually.UntilAsync(
            () => RuntimeStatusAsync(orderId),
            s => s.GetProperty("runtimeStatus").GetString() == "Completed"
                 || (s.GetProperty("runtimeStatus").GetString() == "Running" && s.GetProperty("pendingEffects").GetInt32() == 0),
            $"the effects of {orderId} to finish");

    /// <summary>Waits until the order's orchestration completed: the order is closed and every effect of it ran (or failed for good).</summary>
    public Task<JsonElement> WaitForCompletedAsync(string orderId) =>
        Eventually.UntilAsync(() => RuntimeStatusAsync(orderId), s => s.GetProperty("runtimeStatus").GetString() == "Completed", $"the orchestration of {orderId} to complete");

    /// <summary>Waits until the history has an <c>ActivityFailed</c> event (an effect that exhausted its retries); returns them all.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForFailedEffectsAsync(string orderId, int count = 1)
    {
        var history = await Eventually.UntilAsync(
            () => HistoryAsync(orderId),
            events => Failed(events).Count >= count,
            $"{count} ActivityFailed event(s) of {orderId}");
        return Failed(history);
    }

    public static IReadOnlyList<JsonElement> Failed(IEnumerable<JsonElement> history) =>
        [.. history.Where(e => e.GetProperty("eventType").GetString() == "ActivityFailed")];

    /// <summary>Sends a request and checks it succeeded (a command: decided); returns the JSON body.</summary>
    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        // 202 is an answer too when it carries an outcome (a cancellation request or attempt); without one the command
        // was not decided within Orders:AnswerTimeout, which these tests do not expect.
        var answered = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created
            || (response.StatusCode == HttpStatusCode.Accepted && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("outcome", out _));
        Assert.True(answered, $"{method} {path}: {(int)response.StatusCode} {text}");
        return json;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
