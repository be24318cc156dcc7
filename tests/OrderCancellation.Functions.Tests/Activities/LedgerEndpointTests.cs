using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCancellation.Functions.Ledger;
using OrderCancellation.Functions.Tests.Activities.Support;
using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.Activities;

/// <summary>Payment and inventory services configured: a local receiver stands in for them (a boundary we do not own).</summary>
public sealed class LedgerEndpointTests
{
    private static Dictionary<string, string?> Endpoints(WebhookReceiver receiver) => new()
    {
        ["Payments:Endpoint"] = receiver.Url("payments").AbsoluteUri,
        ["Inventory:Endpoint"] = receiver.Url("inventory").AbsoluteUri,
    };

    [Fact]
    public async Task Calls_carry_the_activity_id_as_idempotency_key_and_the_ledger_records_where_they_went()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var (canceled, activities) = OrderScenario.SellerCancels(order);

        await host.PutOrderAsync(canceled, activities);
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        var ledger = await host.Ledger.ListForOrderAsync(order.OrderId, default);
        var release = Assert.Single(ledger, e => e.Kind == LedgerKind.ReleaseAuthorization);
        var payment = Assert.Single(receiver.Received("payments"));
        Assert.Equal(release.ActivityId, payment.Header("Idempotency-Key"));
        Assert.Equal(receiver.Url("payments").AbsoluteUri, release.Endpoint);
        using (var json = JsonDocument.Parse(payment.Body))
        {
            Assert.Equal("ReleaseAuthorization", json.RootElement.GetProperty("type").GetString());
            Assert.Equal(order.OrderId, json.RootElement.GetProperty("orderId").GetString());
            Assert.Equal(45.00m, json.RootElement.GetProperty("amount").GetProperty("amount").GetDecimal());
            Assert.Equal("USD", json.RootElement.GetProperty("amount").GetProperty("currencyCode").GetString());
        }

        var restocks = receiver.Received("inventory");
        Assert.Equal(2, restocks.Count);
        Assert.Equal(
            ledger.Where(e => e.Kind == LedgerKind.Restock).Select(e => e.ActivityId).Order(),
            restocks.Select(r => r.Header("Idempotency-Key")!).Order());
        Assert.All(restocks, r => Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_2xx_answer_is_retried_with_the_same_key_until_it_succeeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("payments", times: 2, status: 502);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());
        var (shipped, activities) = OrderScenario.Ships(order, "L2", 1);

        await host.PutOrderAsync(shipped, activities);
        Assert.Empty(await host.WaitForActivitiesAsync(order.OrderId));

        var calls = receiver.Received("payments");
        Assert.Equal([502, 502, 200], calls.Select(c => c.StatusReturned));
        Assert.Single(calls.Select(c => c.Header("Idempotency-Key")).Distinct());
        var capture = Assert.Single(await host.Ledger.ListForOrderAsync(order.OrderId, default));
        Assert.Equal(calls[0].Header("Idempotency-Key"), capture.ActivityId);
        Assert.Equal(25.00m, capture.Amount);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_makes_the_activity_dead_after_the_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailAlways("inventory", status: 500);
        await using var host = await ActivityHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var order = OrderScenario.PaidOrder(OrderScenario.NewOrderId());

        await host.PutOrderAsync(order, [new Domain.Effects.Activity.Restock("SKU-1", 1)]);
        var left = await host.WaitForActivitiesAsync(order.OrderId);

        var dead = Assert.Single(left);
        Assert.Equal("Dead", dead.State);
        Assert.Equal(ActivityHost.MaxAttempts, dead.Attempts);
        Assert.Contains("500", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(ActivityHost.MaxAttempts, receiver.Received("inventory").Count);
        Assert.Empty(await host.Ledger.ListForOrderAsync(order.OrderId, default));
    }

    [Theory]
    [InlineData("Payments:Endpoint", "not a url")]
    [InlineData("Payments:Endpoint", "ftp://payments.example/")]
    [InlineData("Inventory:Endpoint", "/relative")]
    [InlineData("Inventory:Timeout", "00:00:00")]
    [InlineData("Webhooks:Timeout", "-00:00:01")]
    public async Task Invalid_options_stop_the_app_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string?> { [key] = value });
        });

        Assert.True(error.GetBaseException() is OptionsValidationException, error.ToString());
    }
}
