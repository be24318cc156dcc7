using System.Text.Json.Serialization;

namespace OrderCancellation.Functions.CustomHandler;

/// <summary>
/// The reply the host expects from a non-HTTP invocation: output binding values by name, log lines it
/// writes into the invocation's log (Application Insights in Azure), and the value for a
/// <c>$return</c> binding (always present, null included: the host reads the member). Only a 2xx reply completes the invocation; anything else fails it, and a
/// failed queue invocation leaves the message for another delivery.
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? ReturnValue)
{
    public static InvocationResponse From(IReadOnlyList<string> logs, object? returnValue = null) =>
        new(new Dictionary<string, object?>(), logs, returnValue);
}
