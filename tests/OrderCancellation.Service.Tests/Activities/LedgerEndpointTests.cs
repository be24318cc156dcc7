using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Ledger;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Activities;

/// <summary>
/// Payments and inventory end to end: orders placed, shipped and cancelled through the API, the workflow's activities
/// calling the configured services (a local receiver stands in for them: a boundary we do not own), or only the ledger.
/// </summary>
public sealed class LedgerEndpointTests
{
    private static Dictionary<string, string?> Endpoints(WebhookReceiver receiver) => new()
    {
        ["Payments:Endpoint"] = receiver.Url("payments").AbsoluteUri,
        ["Inventory:Endpoint"] = receiver.Url("inventory").AbsoluteUri,
    };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Without_endpoints_a_seller_cancel_releases_the_whole_authorization_and_restocks_every_line_in_the_ledger(StoreKind store)
    {
        await using var host = await ActivityHost.StartAsync(store);
        var orderId = await host.PlacePaidOrderAsync();

        await host.SellerCancelsAsync(orderId);
        await host.WaitForCompletedAsync(orderId);

        var ledger = await host.Ledger.ListForOrderAsync(orderId, default);
        var release = Assert.Single(ledger, e => e.Kind == LedgerKind.ReleaseAuthorization);
        Assert.Equal((45.00m, "USD", null), (release.Amount!.Value, release.Currency, release.Endpoint));
        Assert.Equal(
            [("SKU-1", 2), ("SKU-2", 1)],
            ledger.Where(e => e.Kind == LedgerKind.Restock).Select(e => (e.Sku!, e.Quantity!.Value)).Order());
        Assert.Equal(3, ledger.Count);
        Assert.Equal(3, ledger.Select(e => e.ActivityId).Distinct().Count());
        Assert.All(ledger, e => Assert.StartsWith($"{orderId}:", e.ActivityId, StringComparison.Ordinal));
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }

    [Fact]
    public async Task Calls_carry_the_effect_id_as_idempotency_key_and_the_ledger_records_where_they_went()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var orderId = await host.PlacePaidOrderAsync();

        await host.SellerCancelsAsync(orderId);
        await host.WaitForCompletedAsync(orderId);

        var ledger = await host.Ledger.ListForOrderAsync(orderId, default);
        var release = Assert.Single(ledger, e => e.Kind == LedgerKind.ReleaseAuthorization);
        var payment = Assert.Single(receiver.Received("payments"));
        Assert.Equal(release.ActivityId, payment.Header("Idempotency-Key"));
        Assert.Equal(receiver.Url("payments").AbsoluteUri, release.Endpoint);
        using (var json = JsonDocument.Parse(payment.Body))
        {
            Assert.Equal("ReleaseAuthorization", json.RootElement.GetProperty("type").GetString());
            Assert.Equal(orderId, json.RootElement.GetProperty("orderId").GetString());
            Assert.Equal(45.00m, json.RootElement.GetProperty("amount").GetProperty("amount").GetDecimal());
            Assert.Equal("USD", json.RootElement.GetProperty("amount").GetProperty("currencyCode").GetString());
        }

        var restocks = receiver.Received("inventory");
        Assert.Equal(2, restocks.Count);
        Assert.Equal(
            ledger.Where(e => e.Kind == LedgerKind.Restock).Select(e => e.ActivityId).Order(),
            restocks.Select(r => r.Header("Idempotency-Key")!).Order());
        Assert.All(restocks, r => Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal));
        Assert.All(ledger.Where(e => e.Kind == LedgerKind.Restock), e => Assert.Equal(receiver.Url("inventory").AbsoluteUri, e.Endpoint));
    }

    [Fact]
    public async Task A_non_2xx_answer_is_retried_with_the_same_key_until_it_succeeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var orderId = await host.PlacePaidOrderAsync();
        receiver.FailNext("payments", times: 2, status: 502);

        await host.ShipsAsync(orderId, "L2", 1);
        var capture = (await Eventually.UntilAsync(
            () => host.Ledger.ListForOrderAsync(orderId, default),
            ledger => ledger.Count > 0,
            "the capture in the ledger")).Single();

        var calls = receiver.Received("payments");
        Assert.Equal([502, 502, 200], calls.Select(c => c.StatusReturned));
        Assert.Single(calls.Select(c => c.Header("Idempotency-Key")).Distinct());
        Assert.Single(calls.Select(c => c.Text).Distinct());
        Assert.Equal(calls[0].Header("Idempotency-Key"), capture.ActivityId);
        Assert.Equal((LedgerKind.CapturePayment, 25.00m), (capture.Kind, capture.Amount!.Value));
        await host.WaitForQuietAsync(orderId);
        Assert.Empty(ActivityHost.Failed(await host.HistoryAsync(orderId)));
    }

    [Fact]
    public async Task A_service_that_keeps_failing_gets_every_attempt_and_the_failure_is_recorded_on_the_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailAlways("inventory", status: 500);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var orderId = await host.PlacePaidOrderAsync();

        await host.SellerCancelsAsync(orderId, lines: ("L1", 1)); // one restock; the order stays open, so nothing is released
        var failed = Assert.Single(await host.WaitForFailedEffectsAsync(orderId));

        Assert.Equal("Restock", failed.GetProperty("data").GetProperty("name").GetString());
        var detail = failed.GetProperty("data").GetProperty("detail").GetString();
        Assert.Contains("500", detail, StringComparison.Ordinal);
        var calls = receiver.Received("inventory");
        Assert.Equal(ActivityHost.MaxAttempts, calls.Count);
        Assert.Single(calls.Select(c => c.Header("Idempotency-Key")).Distinct());
        Assert.StartsWith(calls[0].Header("Idempotency-Key")!, detail, StringComparison.Ordinal);
        Assert.Empty(await host.Ledger.ListForOrderAsync(orderId, default));
    }

    [Theory]
    [InlineData("Payments:Endpoint", "not a url")]
    [InlineData("Payments:Endpoint", "ftp://payments.example/")]
    [InlineData("Inventory:Endpoint", "/relative")]
    [InlineData("Inventory:Timeout", "00:00:00")]
    [InlineData("Webhooks:Timeout", "-00:00:01")]
    [InlineData("Workflow:EffectMaxAttempts", "0")]
    [InlineData("Workflow:EffectFirstRetryInterval", "00:00:00")]
    [InlineData("Workflow:EffectBackoffCoefficient", "0.5")]
    public async Task Invalid_options_stop_the_app_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { [key] = value });
        });

        Assert.True(error.GetBaseException() is OptionsValidationException, error.ToString());
    }
}
