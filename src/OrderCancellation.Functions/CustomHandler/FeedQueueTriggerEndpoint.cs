using System.Text.Json;
using OrderCancellation.Functions.Feeds;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// <c>POST /FeedQueueTrigger</c>: one feed queue message from the host's queue trigger. 200 means
/// handled (the host deletes the message); any failure answers 500 so the host delivers it again,
/// and after <c>maxDequeueCount</c> deliveries moves it to the poison queue.
/// </summary>
internal static class FeedQueueTriggerEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("OrderCancellation.Functions.CustomHandler.FeedQueueTrigger");
        var cancellationToken = context.RequestAborted;

        QueueInvocation invocation;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            invocation = InvocationRequest.ParseQueue(document.RootElement, CustomHandlerTrigger.FeedQueue.BindingName);
        }
        catch (Exception exception) when (exception is JsonException or InvocationFormatException)
        {
            Log.InvalidEnvelope(logger, CustomHandlerTrigger.FeedQueue.FunctionName, exception.Message);
            return Reply(StatusCodes.Status400BadRequest, $"Invalid invocation request: {exception.Message}");
        }

        var handler = context.RequestServices.GetService<IFeedMessageHandler>();
        if (handler is null)
        {
            Log.FeedHandlerMissing(logger, invocation.MessageId);
            return Reply(StatusCodes.Status500InternalServerError, $"Message {invocation.MessageId}: no feed handler is registered; left on the queue.");
        }

        try
        {
            await handler.HandleAsync(invocation.Body, invocation.DequeueCount, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.FeedMessageFailed(logger, exception, invocation.MessageId, invocation.DequeueCount);
            return Reply(StatusCodes.Status500InternalServerError, $"Message {invocation.MessageId} failed on delivery {invocation.DequeueCount}: {exception.GetType().Name}: {exception.Message}");
        }

        Log.FeedMessageHandled(logger, invocation.MessageId, invocation.DequeueCount);
        return Reply(StatusCodes.Status200OK, $"Message {invocation.MessageId} handled on delivery {invocation.DequeueCount}.");
    }

    private static IResult Reply(int statusCode, string log) =>
        TypedResults.Json(InvocationResponse.From([log]), statusCode: statusCode);
}
