using System.Globalization;
using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// Makes feed content safe to quote in an error message: control characters, invisible format characters (a
/// right-to-left override would reorder the report's line) and surrogates (emoji included) shown as '?', length bounded.
/// </summary>
internal static class Printable
{
    public static string Clip(string value, int maxLength = 60)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 1);
        foreach (var c in value)
        {
            if (builder.Length == maxLength)
            {
                return builder.Append('…').ToString();
            }

            builder.Append(IsUnsafe(c) ? '?' : c);
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char c) =>
        c == '\uFFFD' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate;
}
