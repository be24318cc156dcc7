namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// Endpoint metadata marking a route the Functions host POSTs a non-HTTP trigger's envelope to. The
/// path is <c>/</c> + the function's folder name, so each such endpoint needs a
/// <c>FunctionApp/&lt;FunctionName&gt;/function.json</c>, and no HTTP function may route to it.
/// </summary>
public sealed record CustomHandlerTrigger(string FunctionName, string BindingName)
{
    public static readonly CustomHandlerTrigger FeedQueue = new("FeedQueueTrigger", "message");

    /// <summary>The feed queue's poison queue, where the host moves a message it delivered too often.</summary>
    public static readonly CustomHandlerTrigger FeedPoisonQueue = new("FeedPoisonQueueTrigger", "message");

    public static readonly CustomHandlerTrigger DurableTick = new("DurableTick", "timer");

    public string Path => "/" + FunctionName;
}
