namespace OrderCancellation.Workflow.Ports;

/// <summary>Put a cancelled quantity back; <paramref name="IdempotencyKey"/> is the effect's id.</summary>
public sealed record RestockInstruction(string IdempotencyKey, string OrderId, string Sku, int Quantity);

/// <summary>The inventory service (§4.6; the domain asks no restock for reason NoInventory).</summary>
public interface IInventory
{
    Task RestockAsync(RestockInstruction instruction, CancellationToken cancellationToken);
}
