using System.Text.Json.Serialization;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Policy;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>
/// The input of <see cref="OrderOrchestration"/>. The edge starts an order with <see cref="Start"/>; every later
/// generation gets the one <c>ContinueAsNew</c> builds, with <see cref="Carried"/> instead of <see cref="Place"/>.
/// </summary>
/// <param name="Policy">
/// The order's marketplace options, fixed when it is placed (as its deadlines are): decisions are replayed, so they
/// must not see a configuration that changed since.
/// </param>
/// <param name="Place">The first generation's first command: the <see cref="OrderCommand.PlaceOrder"/> envelope.</param>
/// <param name="Carried">What a generation hands the next.</param>
public sealed record OrderInput(
    [property: JsonPropertyName("policy"), JsonConverter(typeof(WorkflowJsonConverter))] CancellationOptions Policy,
    [property: JsonPropertyName("place")] CommandEnvelope? Place = null,
    [property: JsonPropertyName("carried"), JsonConverter(typeof(WorkflowJsonConverter))] OrderCarry? Carried = null)
{
    /// <summary>The input that places an order: instance id = <c>place.OrderId</c>, the marketplace's options of now.</summary>
    public static OrderInput Start(string commandId, OrderCommand.PlaceOrder place, CancellationPolicy policy) =>
        new(policy.For(place.MarketplaceId), new CommandEnvelope(commandId, place));
}
