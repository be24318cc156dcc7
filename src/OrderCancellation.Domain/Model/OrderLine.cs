namespace OrderCancellation.Domain.Model;

/// <summary>A line as the buyer ordered it.</summary>
public sealed record OrderLine(string LineId, string Sku, int Quantity, Money UnitPrice);

/// <summary>A quantity of one line: what a cancel, a shipment or a request targets.</summary>
public sealed record LineQuantity(string LineId, int Quantity);
