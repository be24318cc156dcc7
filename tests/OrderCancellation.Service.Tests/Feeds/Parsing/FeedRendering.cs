using System.Text;
using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Service.Tests.Feeds.Parsing;

/// <summary>Parses a feed to a tab-separated text, one line per entry, the form golden files hold.</summary>
internal static class FeedRendering
{
    public static async Task<string> ParseToTextAsync(IFeedParser parser, Stream content)
    {
        var text = new StringBuilder();
        await foreach (var entry in parser.ParseAsync(content))
        {
            text.Append(Render(entry)).Append('\n');
        }

        return text.ToString();
    }

    public static async Task<List<FeedEntry>> ParseToListAsync(IFeedParser parser, Stream content)
    {
        var entries = new List<FeedEntry>();
        await foreach (var entry in parser.ParseAsync(content))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static string Render(FeedEntry entry) => entry switch
    {
        FeedEntry.Record r => $"{r.RecordNumber}\trecord\t{r.OrderId}\t{r.Reason}\t{(r.IsWholeOrder ? "whole-order" : string.Join(",", r.Lines.Select(l => $"{l.LineId}x{l.Quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}")))}",
        FeedEntry.Acknowledged a => $"{a.RecordNumber}\tacknowledged\t{a.OrderId}",
        FeedEntry.RecordError e => $"{e.RecordNumber}\terror\t{e.OrderId ?? "-"}\t{e.LineId ?? "-"}\t{e.ErrorCode}\t{e.Message}",
        FeedEntry.Fatal f => $"{f.RecordNumber}\tfatal\t{f.ErrorCode}\t{f.Reason}",
        _ => throw new ArgumentOutOfRangeException(nameof(entry)),
    };
}
