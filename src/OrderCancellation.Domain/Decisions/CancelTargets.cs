using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

/// <summary>Turns the lines a cancel names into the quantities it will cancel (§4.3 row 2).</summary>
internal static class CancelTargets
{
    /// <summary>
    /// No lines means every cancelable quantity. A quantity beyond what is cancelable is refused:
    /// 409 <c>order-shipped</c> when shipping is what stands in the way, else 422 <c>quantity-not-cancelable</c>.
    /// </summary>
    public static Problem? TryResolve(OrderState order, IReadOnlyList<LineQuantity>? asked, out IReadOnlyList<LineQuantity> targets)
    {
        targets = [];
        if (asked is null || asked.Count == 0)
        {
            targets = [.. order.Lines.Where(l => l.QuantityCancelable > 0).Select(l => new LineQuantity(l.LineId, l.QuantityCancelable))];
            return targets.Count == 0 ? Problems.OrderShipped : null;
        }

        if (LineChecks.Validate(order, asked) is { } invalid)
        {
            return invalid;
        }

        foreach (var request in asked)
        {
            var line = order.Line(request.LineId)!;
            if (request.Quantity > line.QuantityCancelable)
            {
                var blockedByShipping = line.QuantityShipped > 0 && request.Quantity > line.Quantity - line.QuantityShipped;
                return blockedByShipping ? Problems.OrderShipped : Problems.QuantityNotCancelable(line.LineId);
            }
        }

        targets = asked;
        return null;
    }

    /// <summary>Whether two sets of quantities are the same (order of lines aside): a repeated request.</summary>
    public static bool Same(IReadOnlyList<LineQuantity> a, IReadOnlyList<LineQuantity> b) =>
        a.Count == b.Count && a.All(x => b.Contains(x));

    /// <summary>Whether every line of <paramref name="inner"/> is one of <paramref name="outer"/>'s lines.</summary>
    public static bool Within(IReadOnlyList<LineQuantity> inner, IReadOnlyList<LineQuantity> outer) =>
        inner.All(i => outer.Any(o => o.LineId == i.LineId));
}
