using OrderCancellation.Domain.Model;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Orders;

/// <summary>
/// Field checks of the request bodies against <see cref="InputBounds"/>: every error at once, keyed by the JSON path of
/// the field, so a client fixes them all in one go.
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A required id (<see cref="InputBounds.IsId"/>); empty when missing.</summary>
    public string Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{field} is required.");
            return string.Empty;
        }

        if (!InputBounds.IsId(value))
        {
            Add(field, InputBounds.DescribeId(field));
        }

        return value;
    }

    /// <summary>Optional text (required when <paramref name="required"/>): at most <paramref name="maxLength"/> printable characters.</summary>
    public string? Text(string field, string? value, int maxLength, bool multiLine, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }

            return value;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"{field} is longer than {maxLength} characters.");
        }

        if (!InputBounds.IsPrintable(value, multiLine))
        {
            Add(field, multiLine
                ? $"{field} has control or invisible formatting characters; only line breaks and tabs are allowed."
                : $"{field} has control, line-break or invisible formatting characters.");
        }

        return value;
    }

    public int Quantity(string field, int? value)
    {
        if (value is null)
        {
            Add(field, $"{field} is required.");
        }
        else if (!InputBounds.IsQuantity(value.Value))
        {
            Add(field, $"{field} must be a whole number from 1 to {InputBounds.MaxQuantity}.");
        }

        return value.GetValueOrDefault();
    }

    /// <summary>A date within <see cref="InputBounds.EarliestDate"/> and <see cref="InputBounds.LatestDate"/>; null stays null.</summary>
    public DateTimeOffset? Date(string field, DateTimeOffset? value)
    {
        if (value is { } date && !InputBounds.IsDate(date))
        {
            Add(field, $"{field} must be from {InputBounds.EarliestDate:yyyy-MM-dd} up to (not including) {InputBounds.LatestDate:yyyy-MM-dd}.");
            return null;
        }

        return value;
    }

    public decimal Price(string field, decimal? value)
    {
        if (value is null)
        {
            Add(field, $"{field} is required.");
        }
        else if (!InputBounds.IsUnitPrice(value.Value))
        {
            Add(field, $"{field} must be above 0 and at most {InputBounds.MaxUnitPrice:0}, with at most {InputBounds.MaxPriceDecimals} decimal places.");
        }

        return value.GetValueOrDefault();
    }

    public T Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, $"{field} is required.");
        }

        return value.GetValueOrDefault();
    }

    /// <summary>A list of 1 to <see cref="InputBounds.MaxLines"/> items; false (and an error when required) otherwise.</summary>
    public bool LineCount<T>(IReadOnlyList<T>? lines, bool required, string shape)
    {
        if (lines is null || lines.Count == 0)
        {
            if (required)
            {
                Add("lines", $"lines is required: at least one {shape}.");
            }

            return false;
        }

        if (lines.Count > InputBounds.MaxLines)
        {
            Add("lines", $"At most {InputBounds.MaxLines} lines.");
            return false;
        }

        return true;
    }

    /// <summary>Lines of a cancel (optional) or a shipment (required): each names a line once with a quantity in bounds.</summary>
    public IReadOnlyList<LineQuantity>? Lines(IReadOnlyList<LineQuantityRequest?>? lines, bool required)
    {
        if (!LineCount(lines, required, "{lineId, quantity}"))
        {
            return null;
        }

        var result = new List<LineQuantity>();
        for (var n = 0; n < lines!.Count; n++)
        {
            var path = $"lines[{n}]";
            if (lines[n] is not { } line)
            {
                Add(path, $"{path} must be an object {{lineId, quantity}}.");
                continue;
            }

            result.Add(new LineQuantity(Id($"{path}.lineId", line.LineId), Quantity($"{path}.quantity", line.Quantity)));
        }

        DistinctLineIds(result.Select(l => l.LineId));
        return result;
    }

    public void DistinctLineIds(IEnumerable<string> lineIds)
    {
        foreach (var duplicate in lineIds.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            Add("lines", $"Line {duplicate.Key} is named more than once.");
        }
    }
}
