using System.Text;
using System.Xml;

namespace OrderCancellation.Api.Feeds.Parsing.Xml;

/// <summary>
/// Reads the elements of an XML feed forward only. Each method starts with the reader on an element's start tag and
/// leaves it on the node after that element's end, so a caller reads what it knows and skips the rest.
/// </summary>
internal static class XmlElements
{
    /// <summary>
    /// Values are clipped to this many characters: every value read is an id, a code or a number far shorter, so a
    /// clipped value still fails its check (and the report quotes it clipped); bounds what one message holds.
    /// </summary>
    internal const int MaxValueLength = 1024;

    /// <summary>Calls <paramref name="child"/> for each child element (by local name); the callback must read or skip it.</summary>
    public static async Task ChildrenAsync(XmlReader reader, Func<string, Task> child)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return;
        }

        var depth = reader.Depth;
        var more = await reader.ReadAsync();
        while (more && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                await child(reader.LocalName);
            }
            else
            {
                more = await reader.ReadAsync(); // text beside child elements carries nothing we read
            }
        }

        await reader.ReadAsync();
    }

    /// <summary>The element's text, trimmed and clipped; null when empty. Child elements inside it are skipped.</summary>
    public static async Task<string?> TextAsync(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return null;
        }

        var depth = reader.Depth;
        var text = new StringBuilder();
        var more = await reader.ReadAsync();
        while (more && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                var room = MaxValueLength + 1 - text.Length; // one more than the limit, so a clipped value stays too long
                if (room > 0)
                {
                    var value = reader.Value;
                    text.Append(value.AsSpan(0, Math.Min(value.Length, room)));
                }

                more = await reader.ReadAsync();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                await reader.SkipAsync();
            }
            else
            {
                more = await reader.ReadAsync();
            }
        }

        await reader.ReadAsync();
        var trimmed = text.ToString().Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
