using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Functions;

/// <summary><c>/api/subscriptions</c>: ORDER_CHANGE webhooks (sellers for their own orders, the marketplace for all).</summary>
public static class SubscriptionFunctions
{
    [Function("CreateSubscription")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> CreateSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/subscriptions")] HttpRequest request) =>
        new HttpApiResult(await SubscriptionEndpoints.CreateAsync(
            request.HttpContext, request.Service<SubscriptionStore>(), request.Service<WebhookUrlGuard>(), request.Service<TimeProvider>(),
            request.Service<IOptions<WebhookOptions>>(), request.HttpContext.RequestAborted));

    [Function("ListSubscriptions")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> ListSubscriptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/subscriptions")] HttpRequest request) =>
        new HttpApiResult(await SubscriptionEndpoints.ListAsync(request.HttpContext, request.Service<SubscriptionStore>(), request.HttpContext.RequestAborted));

    [Function("GetSubscription")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> GetSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId) =>
        new HttpApiResult(await SubscriptionEndpoints.GetAsync(subscriptionId, request.HttpContext, request.Service<SubscriptionStore>(), request.HttpContext.RequestAborted));

    [Function("DeleteSubscription")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> DeleteSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId) =>
        new HttpApiResult(await SubscriptionEndpoints.DeleteAsync(subscriptionId, request.HttpContext, request.Service<SubscriptionStore>(), request.HttpContext.RequestAborted));
}
