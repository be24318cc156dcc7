namespace OrderCancellation.Domain.Model;

/// <summary>
/// One line with what happened to it. The invariant the decider keeps:
/// <c>QuantityShipped + QuantityCanceled &lt;= Quantity</c>, both never negative.
/// </summary>
public sealed record LineState(
    string LineId,
    string Sku,
    int Quantity,
    Money UnitPrice,
    int QuantityShipped = 0,
    int QuantityCanceled = 0)
{
    /// <summary>What can still be cancelled (or shipped): ordered − shipped − cancelled.</summary>
    public int QuantityCancelable => Quantity - QuantityShipped - QuantityCanceled;

    public static LineState From(OrderLine line) => new(line.LineId, line.Sku, line.Quantity, line.UnitPrice);
}
