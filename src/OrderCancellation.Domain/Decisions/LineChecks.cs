using OrderCancellation.Domain.Model;

namespace OrderCancellation.Domain.Decisions;

/// <summary>Shape checks on the lines a cancel or a shipment names.</summary>
internal static class LineChecks
{
    public static Problem? Validate(OrderState order, IReadOnlyList<LineQuantity> lines)
    {
        var duplicate = lines.GroupBy(l => l.LineId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return Problems.InvalidQuantity($"Line {duplicate.Key} is listed more than once.");
        }

        foreach (var line in lines)
        {
            if (order.Line(line.LineId) is null)
            {
                return Problems.LineNotFound(line.LineId);
            }

            if (line.Quantity <= 0)
            {
                return Problems.InvalidQuantity($"The quantity of line {line.LineId} must be positive.");
            }
        }

        return null;
    }
}
