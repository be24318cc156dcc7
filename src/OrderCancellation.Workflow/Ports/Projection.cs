using System.Text.Json.Serialization;
using OrderCancellation.Domain.Events;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Ports;

/// <summary>
/// The order at one version, for the read model (lists, tags, the cancellation rate), with what happened to make that
/// version (<paramref name="Events"/>, caused by <paramref name="By"/>) for the order's audit trail. A generation that
/// re-projects what its predecessor left running sends no events (they went with the first projection of that version).
/// </summary>
public sealed record OrderProjection(
    string OrderId,
    long Version,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] OrderState Order,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] IReadOnlyList<OrderEvent> Events,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] Actor? By,
    string? TraceParent = null);

/// <summary>The read model. Projections may arrive out of order or twice: keep the highest version.</summary>
public interface IOrderProjection
{
    Task ProjectAsync(OrderProjection projection, CancellationToken cancellationToken);
}
