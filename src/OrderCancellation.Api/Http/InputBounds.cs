using System.Globalization;
using System.Text.RegularExpressions;

namespace OrderCancellation.Api.Http;

/// <summary>
/// The bounds every value a caller sends must keep (§10: bad input is a 400, never a 500), in one place so the request
/// bodies and the feed parsers refuse the same things. They are wide enough for any real order and narrow enough that
/// nothing downstream overflows: the deadlines added to a date stay far below year 9999, and a line total
/// (price × quantity) summed over every line stays far below <see cref="decimal.MaxValue"/>.
/// </summary>
public static partial class InputBounds
{
    /// <summary>Ids (order, line, buyer, seller, SKU, marketplace): a letter or digit, then letters, digits, '.', '_', ':' or '-'; 1 to 64 characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>A unit price is above 0 and at most this, in the order's currency.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>
    /// Decimal places a price may have: every currency of Amazon's marketplaces has at most 2 minor digits, and a price
    /// with more cannot be charged as written.
    /// </summary>
    public const int MaxPriceDecimals = 2;

    public const int MaxQuantity = 10_000;

    /// <summary>Lines of an order, of a cancel, of a shipment, and of a feed message.</summary>
    public const int MaxLines = 100;

    /// <summary>Single-line labels: a seller's reason code, a carrier, a tracking id.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>Free text: a note, a decline message.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>Dates (purchase, latest ship) from this instant on…</summary>
    public static readonly DateTimeOffset EarliestDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>…and before this one.</summary>
    public static readonly DateTimeOffset LatestDate = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && Id().IsMatch(value);

    public static bool IsQuantity(int quantity) => quantity is >= 1 and <= MaxQuantity;

    public static bool IsUnitPrice(decimal amount) => amount > 0 && amount <= MaxUnitPrice && decimal.Round(amount, MaxPriceDecimals) == amount;

    public static bool IsDate(DateTimeOffset date) => date >= EarliestDate && date < LatestDate;

    /// <summary>
    /// Text a person can read and a log or a report can hold: no control characters (line breaks and tabs only where
    /// <paramref name="multiLine"/>), no invisible format characters such as the right-to-left override or a zero-width
    /// space (the zero-width joiners that emoji and some scripts need excepted), no lone surrogate, no non-character.
    /// </summary>
    public static bool IsPrintable(string value, bool multiLine)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            var allowed = CharUnicodeInfo.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.Control => multiLine && c is '\n' or '\r' or '\t',
                UnicodeCategory.Format => c is '\u200C' or '\u200D',
                UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
                UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => multiLine,
                _ => true,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    public static string DescribeId(string field) =>
        $"{field} must be 1 to {MaxIdLength} characters: a letter or digit, then letters, digits, '.', '_', ':' or '-'.";

    // \z, not $: '$' also matches before a final newline, and "A1\n" must not pass.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
