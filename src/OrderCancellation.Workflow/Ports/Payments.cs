using System.Text.Json.Serialization;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Workflow.Ports;

/// <summary>A payment call; <paramref name="IdempotencyKey"/> is the effect's id, the same on every retry and after a restart.</summary>
public sealed record PaymentInstruction(
    string IdempotencyKey,
    string OrderId,
    [property: JsonConverter(typeof(WorkflowJsonConverter))] Money Amount);

/// <summary>The payment provider (§4.6): the buyer is charged only at shipment, cancelled amounts are released.</summary>
public interface IPaymentGateway
{
    Task ReleaseAuthorizationAsync(PaymentInstruction instruction, CancellationToken cancellationToken);

    Task CaptureAsync(PaymentInstruction instruction, CancellationToken cancellationToken);
}
