using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>Makes feed content safe to quote in an error message: control characters shown as '?', length bounded.</summary>
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

            builder.Append(char.IsControl(c) || c == '\uFFFD' ? '?' : c);
        }

        return builder.ToString();
    }
}
