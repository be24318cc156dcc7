using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Activities;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Ledger;

/// <summary>
/// Applies a payment or inventory call: POSTs it to the configured endpoint with <c>Idempotency-Key: &lt;activity id&gt;</c>
/// (a non-2xx answer or no answer throws, and the runtime retries), then records it in the ledger. With no endpoint
/// configured the ledger row is the whole effect.
/// </summary>
internal sealed class LedgerGateway(
    IHttpClientFactory httpClients,
    LedgerStore ledger,
    IOptions<PaymentsOptions> payments,
    IOptions<InventoryOptions> inventory,
    TimeProvider time,
    ILogger<LedgerGateway> logger)
{
    public const string PaymentsClient = "payments";
    public const string InventoryClient = "inventory";

    public Task PayAsync(string activityId, string orderId, LedgerKind kind, Money amount, CancellationToken cancellationToken) =>
        ApplyAsync(PaymentsClient, payments.Value.EndpointUri, new LedgerEntry(activityId, orderId, kind, null, null, amount.Amount, amount.CurrencyCode, null, default),
            new LedgerRequest(kind, orderId, amount, null, null), cancellationToken);

    public Task RestockAsync(string activityId, string orderId, string sku, int quantity, CancellationToken cancellationToken) =>
        ApplyAsync(InventoryClient, inventory.Value.EndpointUri, new LedgerEntry(activityId, orderId, LedgerKind.Restock, sku, quantity, null, null, null, default),
            new LedgerRequest(LedgerKind.Restock, orderId, null, sku, quantity), cancellationToken);

    private async Task ApplyAsync(string client, Uri? endpoint, LedgerEntry entry, LedgerRequest body, CancellationToken cancellationToken)
    {
        if (endpoint is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body, options: ApiJson.Options) };
            request.Headers.Add(IdempotencyKeys.Header, entry.ActivityId);
            using var response = await httpClients.CreateClient(client).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{entry.Kind} for order {entry.OrderId}: {endpoint} answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            Log.LedgerCallSent(logger, entry.Kind.ToString(), entry.OrderId, endpoint.AbsoluteUri, (int)response.StatusCode, entry.ActivityId);
        }
        else
        {
            Log.LedgerRecorded(logger, entry.Kind.ToString(), entry.OrderId, entry.ActivityId);
        }

        await ledger.RecordAsync(entry with { Endpoint = endpoint?.AbsoluteUri, At = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The JSON posted downstream: <c>{type, orderId, amount?: {amount, currencyCode}, sku?, quantity?}</c>.</summary>
    private sealed record LedgerRequest(LedgerKind Type, string OrderId, Money? Amount, string? Sku, int? Quantity);
}
