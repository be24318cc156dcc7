using System.Text.Json.Serialization;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Ports;

/// <summary>The order at one version, for the read model (lists, tags, the cancellation rate).</summary>
public sealed record OrderProjection(
    string OrderId,
    long Version,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] OrderState Order);

/// <summary>The read model. Projections may arrive out of order or twice: keep the highest version.</summary>
public interface IOrderProjection
{
    Task ProjectAsync(OrderProjection projection, CancellationToken cancellationToken);
}
