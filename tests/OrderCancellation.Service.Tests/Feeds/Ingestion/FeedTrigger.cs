using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Feeds;
using OrderCancellation.Service.Tests.Infrastructure;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>
/// Delivers a feed queue message the way a host's queue trigger does: straight to the app's <see cref="IFeedMessageHandler"/>
/// (the Azure Functions worker's <c>FeedQueueTrigger</c> and poison-queue trigger are one-line wrappers around it). A
/// delivery that throws is a failed invocation: the host leaves the message on the queue for the next dequeue (500 here).
/// </summary>
internal static class FeedTrigger
{
    public static Task<Delivery> DeliverAsync(ServiceHost host, string body, int dequeueCount) =>
        RunAsync(() => Handler(host).HandleAsync(body, dequeueCount, CancellationToken.None));

    /// <summary>A message the host moved to the poison queue, delivered to the poison-queue trigger.</summary>
    public static Task<Delivery> DeliverPoisonedAsync(ServiceHost host, string body) =>
        RunAsync(() => Handler(host).MarkPoisonedAsync(body, "The message was moved to the poison queue after 5 dequeues.", CancellationToken.None));

    public static string FeedMessage(string feedId) => JsonSerializer.Serialize(new { feedId });

    private static IFeedMessageHandler Handler(ServiceHost host) => host.Services.GetRequiredService<IFeedMessageHandler>();

    private static async Task<Delivery> RunAsync(Func<Task> invocation)
    {
        try
        {
            await invocation();
            return new Delivery(HttpStatusCode.OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Delivery(HttpStatusCode.InternalServerError);
        }
    }

    /// <summary>How the invocation ended, as the Functions host would report it.</summary>
    public sealed record Delivery(HttpStatusCode StatusCode) : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
