using System.Text.Json;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>
/// What the orchestration publishes with <c>SetCustomStatus</c> after every step, and returns as its output when it
/// completes: the order as it stands, its version (the <c>ETag</c>), the last commands' answers, and what is pending.
/// The edge raises a command and polls the instance (<c>GetInstanceAsync(id, getInputsAndOutputs: true)</c>) until
/// <see cref="Find"/> has the command's record; read it with <see cref="Parse"/>.
/// </summary>
/// <param name="Order">Null only when the order was never placed (its PlaceOrder was refused).</param>
/// <param name="Version">0 before the order exists; +1 for every decision that changed it.</param>
/// <param name="Commands">The last <see cref="OrderWorkflowOptions.RememberedCommands"/> answers, oldest first.</param>
/// <param name="Timers">The live durable timers by kind (§4.5), each at most once.</param>
/// <param name="PendingEffects">Effects started and not finished (activities, deliveries, projection).</param>
/// <example>
/// <code>{"order":{…},"version":3,"commands":[{"commandId":"k1","version":3,"outcome":"Canceled","fingerprint":"1f…"}],
/// "timers":{"AutoCancel":"2026-12-20T10:00:00+00:00"},"pendingEffects":2}</code>
/// </example>
public sealed record OrderSnapshot(
    OrderState? Order,
    long Version,
    IReadOnlyList<CommandRecord> Commands,
    IReadOnlyDictionary<TimerKind, DateTimeOffset> Timers,
    int PendingEffects)
{
    public CommandRecord? Find(string commandId) => Commands.LastOrDefault(c => c.CommandId == commandId);

    /// <summary>Reads a custom status or output as Durable Task hands it over (<c>SerializedCustomStatus</c>, <c>SerializedOutput</c>).</summary>
    public static OrderSnapshot? Parse(string? json) => string.IsNullOrEmpty(json) ? null : WorkflowJson.Deserialize<OrderSnapshot>(json);

    /// <summary>The JSON to give Durable Task: a finished element, which every System.Text.Json converter writes as it is.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, WorkflowJson.Options);
}
