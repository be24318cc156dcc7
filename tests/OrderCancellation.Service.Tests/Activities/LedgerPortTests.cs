using System.Net;
using System.Text.Json;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Ledger;
using OrderCancellation.Service.Tests.Activities.Support;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Workflow.Ports;

namespace OrderCancellation.Service.Tests.Activities;

/// <summary>
/// The payment and inventory ports (<see cref="IPaymentGateway"/>, <see cref="IInventory"/>) on the app's ledger, over a
/// real store; the effect id is the downstream <c>Idempotency-Key</c> and the ledger row's key.
/// </summary>
public sealed class LedgerPortTests
{
    private static Dictionary<string, string?> Endpoints(WebhookReceiver receiver) => new()
    {
        ["Payments:Endpoint"] = receiver.Url("payments").AbsoluteUri,
        ["Inventory:Endpoint"] = receiver.Url("inventory").AbsoluteUri,
    };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Without_endpoints_each_call_is_one_ledger_row_under_its_effect_id_and_a_retry_adds_none(StoreKind store)
    {
        await using var ports = await PortHost.StartAsync(store);
        var orderId = OrderScenario.NewOrderId();
        var release = new PaymentInstruction($"{orderId}:3:0", orderId, new Money(12.34m, "EUR"));
        var capture = new PaymentInstruction($"{orderId}:3:1", orderId, new Money(0.01m, "EUR"));
        var restock = new RestockInstruction($"{orderId}:3:2", orderId, "SKU-9", 3);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await ports.Payments.ReleaseAuthorizationAsync(release, default);
            await ports.Payments.CaptureAsync(capture, default);
            await ports.Inventory.RestockAsync(restock, default);
        }

        var ledger = await ports.Ledger.ListForOrderAsync(orderId, default);
        Assert.Equal([release.IdempotencyKey, capture.IdempotencyKey, restock.IdempotencyKey], ledger.Select(e => e.ActivityId).Order());
        var released = ledger.Single(e => e.ActivityId == release.IdempotencyKey);
        Assert.Equal((LedgerKind.ReleaseAuthorization, 12.34m, "EUR", null), (released.Kind, released.Amount!.Value, released.Currency, released.Endpoint));
        var captured = ledger.Single(e => e.ActivityId == capture.IdempotencyKey);
        Assert.Equal((LedgerKind.CapturePayment, 0.01m, "EUR"), (captured.Kind, captured.Amount!.Value, captured.Currency));
        var restocked = ledger.Single(e => e.ActivityId == restock.IdempotencyKey);
        Assert.Equal((LedgerKind.Restock, "SKU-9", 3, null), (restocked.Kind, restocked.Sku, restocked.Quantity!.Value, restocked.Amount));
        Assert.All(ledger, e => Assert.Equal(orderId, e.OrderId));
        Assert.Empty(await ports.Ledger.ListForOrderAsync(OrderScenario.NewOrderId(), default));
    }

    [Fact]
    public async Task Calls_go_to_the_configured_endpoints_with_the_effect_id_as_idempotency_key()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, Endpoints(receiver));
        var orderId = OrderScenario.NewOrderId();

        await ports.Payments.ReleaseAuthorizationAsync(new PaymentInstruction($"{orderId}:2:0", orderId, new Money(45.00m, "USD")), default);
        await ports.Inventory.RestockAsync(new RestockInstruction($"{orderId}:2:1", orderId, "SKU-1", 2), default);

        var payment = Assert.Single(receiver.Received("payments"));
        Assert.Equal($"{orderId}:2:0", payment.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", payment.Header("Content-Type"), StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(payment.Body))
        {
            Assert.Equal("ReleaseAuthorization", json.RootElement.GetProperty("type").GetString());
            Assert.Equal(orderId, json.RootElement.GetProperty("orderId").GetString());
            Assert.Equal(45.00m, json.RootElement.GetProperty("amount").GetProperty("amount").GetDecimal());
            Assert.Equal("USD", json.RootElement.GetProperty("amount").GetProperty("currencyCode").GetString());
        }

        var restock = Assert.Single(receiver.Received("inventory"));
        Assert.Equal($"{orderId}:2:1", restock.Header("Idempotency-Key"));
        using (var json = JsonDocument.Parse(restock.Body))
        {
            Assert.Equal("Restock", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("SKU-1", json.RootElement.GetProperty("sku").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("quantity").GetInt32());
        }

        var ledger = await ports.Ledger.ListForOrderAsync(orderId, default);
        Assert.Equal(receiver.Url("payments").AbsoluteUri, ledger.Single(e => e.Kind == LedgerKind.ReleaseAuthorization).Endpoint);
        Assert.Equal(receiver.Url("inventory").AbsoluteUri, ledger.Single(e => e.Kind == LedgerKind.Restock).Endpoint);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_non_2xx_answer_throws_and_records_nothing_and_the_retry_that_succeeds_records_one_row(StoreKind store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext("payments", times: 1, status: 502);
        await using var ports = await PortHost.StartAsync(store, Endpoints(receiver));
        var orderId = OrderScenario.NewOrderId();
        var capture = new PaymentInstruction($"{orderId}:4:0", orderId, new Money(25.00m, "USD"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => ports.Payments.CaptureAsync(capture, default));
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Empty(await ports.Ledger.ListForOrderAsync(orderId, default));

        await ports.Payments.CaptureAsync(capture, default);
        await ports.Payments.CaptureAsync(capture, default); // a retry after a success the engine did not hear of

        var calls = receiver.Received("payments");
        Assert.Equal([502, 200, 200], calls.Select(c => c.StatusReturned));
        Assert.All(calls, c => Assert.Equal(capture.IdempotencyKey, c.Header("Idempotency-Key")));
        Assert.Single(calls.Select(c => c.Text).Distinct());
        var row = Assert.Single(await ports.Ledger.ListForOrderAsync(orderId, default));
        Assert.Equal((capture.IdempotencyKey, LedgerKind.CapturePayment, 25.00m), (row.ActivityId, row.Kind, row.Amount!.Value));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_in_time_throws_and_records_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.SlowNext("inventory", times: 1, TimeSpan.FromSeconds(30));
        var settings = Endpoints(receiver);
        settings["Inventory:Timeout"] = "00:00:00.300";
        await using var ports = await PortHost.StartAsync(StoreKind.Sqlite, settings);
        var orderId = OrderScenario.NewOrderId();

        await Assert.ThrowsAnyAsync<Exception>(() => ports.Inventory.RestockAsync(new RestockInstruction($"{orderId}:1:0", orderId, "SKU-1", 1), default));

        Assert.Empty(await ports.Ledger.ListForOrderAsync(orderId, default));
    }
}
