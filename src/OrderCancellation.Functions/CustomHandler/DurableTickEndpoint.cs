using System.Diagnostics;
using System.Text.Json;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// <c>POST /DurableTick</c>: the host's timer trigger, every 10 seconds, runs the durable timers and
/// activities that are due, so an app scaled to zero still keeps time. The timer trigger does not
/// retry a failed run; the next tick picks up whatever is still due.
/// </summary>
internal static class DurableTickEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("OrderCancellation.Functions.CustomHandler.DurableTick");
        var cancellationToken = context.RequestAborted;

        // The tick needs nothing from the envelope; a body it cannot read is reported, not fatal.
        var timer = new TimerInvocation(IsPastDue: false, Last: null, Next: null);
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            timer = InvocationRequest.ParseTimer(document.RootElement, CustomHandlerTrigger.DurableTick.BindingName);
        }
        catch (Exception exception) when (exception is JsonException or InvocationFormatException)
        {
            Log.InvalidEnvelope(logger, CustomHandlerTrigger.DurableTick.FunctionName, exception.Message);
        }

        var stopwatch = Stopwatch.StartNew();
        DurableTickResult result;
        try
        {
            result = await context.RequestServices.GetRequiredService<IDurableTickWork>().RunDueWorkAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TickFailed(logger, exception);
            return TypedResults.Json(
                InvocationResponse.From([$"DurableTick failed: {exception.GetType().Name}: {exception.Message}"]),
                statusCode: StatusCodes.Status500InternalServerError);
        }

        Log.TickCompleted(logger, result.TimersFired, result.ActivitiesRun, stopwatch.ElapsedMilliseconds, timer.IsPastDue);
        return TypedResults.Json(InvocationResponse.From(
            [$"DurableTick fired {result.TimersFired} timers and ran {result.ActivitiesRun} activities in {stopwatch.ElapsedMilliseconds} ms."],
            result));
    }
}
