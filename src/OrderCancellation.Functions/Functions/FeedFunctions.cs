using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Api.Feeds.Consumer;
using OrderCancellation.Api.Feeds.Http;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Feeds.Submitting;
using OrderCancellation.Functions.Hosting;
using OrderCancellation.Functions.Http;

namespace OrderCancellation.Functions.Functions;

/// <summary>
/// Feeds (DESIGN §7): <c>/api/feeds</c>, and the queue triggers that replace the standalone host's in-process consumer.
/// <c>POST /api/feeds</c> stores the document and queues <c>{"feedId"}</c> on <see cref="QueueName"/>;
/// <see cref="FeedQueueTrigger"/> processes it (each record a seller cancel on its order's orchestration, hence the
/// Durable client); after <c>queues.maxDequeueCount</c> (host.json: 5) failed deliveries the host moves the message to
/// <see cref="PoisonQueueName"/>, where <see cref="FeedPoisonQueueTrigger"/> makes its feed <c>FATAL</c>.
/// </summary>
public static class FeedFunctions
{
    /// <summary>The feed queue (<c>Feeds:QueueName</c> must be the same: the host checks it at start).</summary>
    public const string QueueName = "order-cancellation-feeds";

    /// <summary>Where the Functions host moves a message that failed every delivery.</summary>
    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>The storage account of the queues (and of the Durable backend): the host's own.</summary>
    public const string Connection = "AzureWebJobsStorage";

    [Function("SubmitFeed")]
    [Authorize(Policy = Policies.Seller)]
    public static async Task<IActionResult> SubmitFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/feeds")] HttpRequest request) =>
        new HttpApiResult(await FeedEndpoints.SubmitFeedAsync(
            request, request.Query("feedType"), request.Service<FeedSubmissions>(), request.HttpContext.RequestAborted));

    [Function("GetFeed")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> GetFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/{feedId}")] HttpRequest request,
        string feedId) =>
        new HttpApiResult(await FeedEndpoints.GetAsync(feedId, request.HttpContext, request.Service<FeedStore>(), request.HttpContext.RequestAborted));

    [Function("GetFeedReport")]
    [Authorize(Policy = Policies.SellerOrMarketplace)]
    public static async Task<IActionResult> GetFeedReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/{feedId}/report")] HttpRequest request,
        string feedId) =>
        new HttpApiResult(await FeedEndpoints.ReportAsync(feedId, request.HttpContext, request.Service<FeedStore>(), request.HttpContext.RequestAborted));

    /// <summary>One delivery of a feed message; throwing makes the host deliver it again (up to <c>maxDequeueCount</c>).</summary>
    [Function("FeedQueueTrigger")]
    public static async Task FeedQueueTrigger(
        [QueueTrigger(QueueName, Connection = Connection)] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        using var durable = BindingDurableClient.Use(client);
        await context.InstanceServices.GetRequiredService<IFeedMessageHandler>()
            .HandleAsync(message.Body.ToString(), checked((int)message.DequeueCount), context.CancellationToken);
    }

    /// <summary>A feed message the host gave up on: its feed becomes <c>FATAL</c> (an inline feed is stored first).</summary>
    [Function("FeedPoisonQueueTrigger")]
    public static async Task FeedPoisonQueueTrigger(
        [QueueTrigger(PoisonQueueName, Connection = Connection)] QueueMessage message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        var maxDequeueCount = context.InstanceServices.GetRequiredService<IOptions<FeedsOptions>>().Value.MaxDequeueCount;
        await context.InstanceServices.GetRequiredService<IFeedMessageHandler>().MarkPoisonedAsync(
            message.Body.ToString(),
            $"The message failed on each of its {maxDequeueCount} deliveries and was moved to {PoisonQueueName}.",
            context.CancellationToken);
    }
}
