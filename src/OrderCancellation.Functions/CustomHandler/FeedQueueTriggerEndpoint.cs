using System.Text.Json;
using OrderCancellation.Functions.Feeds;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// The feed queues' triggers. <c>POST /FeedQueueTrigger</c>: one feed queue message; 200 means handled (the host
/// deletes the message); any failure answers 500 so the host delivers it again, and after <c>maxDequeueCount</c>
/// deliveries moves it to the poison queue. <c>POST /FeedPoisonQueueTrigger</c>: a message the host moved to the
/// poison queue, often without calling us on its last receive (the process died during the delivery before):
/// its feed becomes <c>FATAL</c>, so no feed stays <c>IN_PROGRESS</c> for good. The feed row keeps the outcome
/// (and an inline feed's document), so the host may then delete the poison message.
/// </summary>
internal static class FeedQueueTriggerEndpoint
{
    /// <summary>The reason a poisoned feed is <c>FATAL</c> with.</summary>
    public const string PoisonedReason = "The Azure Functions host moved the feed's message to the poison queue: its deliveries failed or their process stopped each time.";

    public static Task<IResult> HandleAsync(HttpContext context, ILoggerFactory loggerFactory) =>
        InvokeAsync(context, loggerFactory, CustomHandlerTrigger.FeedQueue, async (handler, invocation, logger, cancellationToken) =>
        {
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
        });

    public static Task<IResult> HandlePoisonedAsync(HttpContext context, ILoggerFactory loggerFactory) =>
        InvokeAsync(context, loggerFactory, CustomHandlerTrigger.FeedPoisonQueue, async (handler, invocation, logger, cancellationToken) =>
        {
            try
            {
                await handler.MarkPoisonedAsync(invocation.Body, PoisonedReason, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.PoisonedMessageFailed(logger, exception, invocation.MessageId);
                return Reply(StatusCodes.Status500InternalServerError, $"Poisoned message {invocation.MessageId} could not be recorded: {exception.GetType().Name}: {exception.Message}");
            }

            Log.PoisonedMessageRecorded(logger, invocation.MessageId);
            return Reply(StatusCodes.Status200OK, $"Poisoned message {invocation.MessageId} recorded on its feed.");
        });

    /// <summary>Parses the host's envelope (400 if it is not one) and hands the message to the feed handler (500 if none is registered).</summary>
    private static async Task<IResult> InvokeAsync(
        HttpContext context,
        ILoggerFactory loggerFactory,
        CustomHandlerTrigger trigger,
        Func<IFeedMessageHandler, QueueInvocation, ILogger, CancellationToken, Task<IResult>> handle)
    {
        var logger = loggerFactory.CreateLogger($"OrderCancellation.Functions.CustomHandler.{trigger.FunctionName}");
        var cancellationToken = context.RequestAborted;

        QueueInvocation invocation;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            invocation = InvocationRequest.ParseQueue(document.RootElement, trigger.BindingName);
        }
        catch (Exception exception) when (exception is JsonException or InvocationFormatException)
        {
            Log.InvalidEnvelope(logger, trigger.FunctionName, exception.Message);
            return Reply(StatusCodes.Status400BadRequest, $"Invalid invocation request: {exception.Message}");
        }

        var handler = context.RequestServices.GetService<IFeedMessageHandler>();
        if (handler is null)
        {
            Log.FeedHandlerMissing(logger, trigger.FunctionName, invocation.MessageId);
            return Reply(StatusCodes.Status500InternalServerError, $"Message {invocation.MessageId}: no feed handler is registered; left on the queue.");
        }

        return await handle(handler, invocation, logger, cancellationToken);
    }

    private static IResult Reply(int statusCode, string log) =>
        TypedResults.Json(InvocationResponse.From([log]), statusCode: statusCode);
}
