using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Metrics;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Api.Runtime;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Functions;

/// <summary>The seller's Cancellation Rate (§4.7) and an orchestration's Durable status (operators).</summary>
public static class OperatorFunctions
{
    /// <summary>From the read model: no Durable client needed.</summary>
    [Function("GetCancellationRate")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> GetCancellationRate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sellers/{sellerId}/metrics/cancellation-rate")] HttpRequest request,
        string sellerId) =>
        new HttpApiResult(await CancellationRateEndpoints.GetAsync(
            sellerId, request.Query("marketplaceId"), request.Query("days"), request.HttpContext, request.Service<OrderReader>(), request.Service<CountedCancellations>(), request.Service<CancellationPolicy>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));

    [Function("GetInstanceStatus")]
    [Authorize(Policy = Policies.MarketplaceOrSupport)]
    public static async Task<IActionResult> GetInstanceStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runtime/instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await RuntimeEndpoints.GetAsync(instanceId, request.Service<IDurableClientSource>(), request.HttpContext.RequestAborted));
    }
}
