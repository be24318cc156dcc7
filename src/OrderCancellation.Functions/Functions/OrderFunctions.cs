using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Orders;
using OrderCancellation.Api.ReadModel;
using OrderCancellation.Domain.Policy;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Functions;

/// <summary>The order resource (DESIGN §5): each function hands the request to the handler the standalone host maps.</summary>
public static class OrderFunctions
{
    [Function("PlaceOrder")]
    [Authorize(Policy = Policies.Marketplace)]
    public static async Task<IActionResult> PlaceOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.PlaceAsync(request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    /// <summary>Lists come from the read model: no Durable client needed.</summary>
    [Function("ListOrders")]
    [Authorize(Policy = Policies.BuyerSellerOrMarketplace)]
    public static async Task<IActionResult> ListOrders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders")] HttpRequest request) =>
        new HttpApiResult(await OrderQueries.ListAsync(request.HttpContext, request.Service<OrderReader>(), request.Service<BuyerOrders>(), request.Service<CancellationPolicy>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));

    [Function("GetOrder")]
    [Authorize(Policy = Policies.AnyRole)]
    public static async Task<IActionResult> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderQueries.GetAsync(orderId, request.HttpContext, request.Service<OrderReader>(), request.Service<CancellationPolicy>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("GetOrderHistory")]
    [Authorize(Policy = Policies.AnyRole)]
    public static async Task<IActionResult> GetOrderHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}/history")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderQueries.HistoryAsync(orderId, request.HttpContext, request.Service<OrderReader>(), request.Service<OrderReadModel>(), request.HttpContext.RequestAborted));
    }

    [Function("GetCommandOutcome")]
    [Authorize(Policy = Policies.AnyRole)]
    public static async Task<IActionResult> GetCommandOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}/commands/{commandId}")] HttpRequest request,
        string orderId,
        string commandId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderQueries.CommandAsync(orderId, commandId, request.HttpContext, request.Service<OrderSnapshots>(), request.Service<OrderCommands>(), request.HttpContext.RequestAborted));
    }

    [Function("GetOrderNotifications")]
    [Authorize(Policy = Policies.AnyRole)]
    public static async Task<IActionResult> GetOrderNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}/notifications")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderQueries.NotificationsAsync(orderId, request.HttpContext, request.Service<OrderReader>(), request.HttpContext.RequestAborted));
    }

    [Function("CancelOrder")]
    [Authorize(Policy = Policies.AnyRole)]
    public static async Task<IActionResult> CancelOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/cancel")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.CancelAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("DeclineCancellationRequest")]
    [Authorize(Policy = Policies.Seller)]
    public static async Task<IActionResult> DeclineCancellationRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/cancellation-request/decline")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.DeclineAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("ReportPayment")]
    [Authorize(Policy = Policies.Marketplace)]
    public static async Task<IActionResult> ReportPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/payment")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.PaymentAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("ReportShippingLabel")]
    [Authorize(Policy = Policies.Seller)]
    public static async Task<IActionResult> ReportShippingLabel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/shipping-label")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.ShippingLabelAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("ConfirmShipment")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> ConfirmShipment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/shipments")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.ShipmentAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }

    [Function("ChangeFulfillmentStage")]
    [Authorize(Policy = Policies.Marketplace)]
    public static async Task<IActionResult> ChangeFulfillmentStage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/fulfillment-stage")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient client)
    {
        using var durable = BindingDurableClient.Use(client);
        return new HttpApiResult(await OrderMutations.FulfillmentStageAsync(orderId, request.HttpContext, request.Service<OrderCommands>(), request.Service<TimeProvider>(), request.HttpContext.RequestAborted));
    }
}
