namespace OrderCancellation.Functions.CustomHandler;

/// <summary>Settings of the Azure Functions custom-handler endpoints (section <c>CustomHandler</c>).</summary>
public sealed class CustomHandlerOptions
{
    public const string SectionName = "CustomHandler";

    /// <summary>
    /// How long one <c>DurableTick</c> keeps draining due timers and activities before it answers.
    /// Default 00:00:08, below the 10-second schedule so ticks do not queue up behind each other.
    /// </summary>
    public TimeSpan TickBudget { get; set; } = TimeSpan.FromSeconds(8);
}
