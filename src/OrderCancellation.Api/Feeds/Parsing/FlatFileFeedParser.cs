using System.Runtime.CompilerServices;
using System.Text;

namespace OrderCancellation.Api.Feeds.Parsing;

/// <summary>
/// Amazon's tab-separated flat files. The header is the first non-blank line; columns are found by
/// name (trimmed, any case), unknown columns are ignored. Record numbers follow Amazon's processing
/// reports: 0 is the file/header, 1 the line right after the header, and so on by physical line
/// (blank lines keep their number but yield nothing), so record N is line (header line + N) of the file.
/// Text is UTF-8 unless a byte-order mark says otherwise (UTF-16 exports from spreadsheets work);
/// undecodable bytes become U+FFFD and fail the record, never the parser.
/// </summary>
internal abstract class FlatFileFeedParser : IFeedParser
{
    /// <summary>Longer lines are a per-record error (or fatal for the header); bounds memory.</summary>
    internal const int MaxLineLength = 32 * 1024;

    public abstract FeedType FeedType { get; }

    /// <summary>Required column names, lower case.</summary>
    protected abstract IReadOnlyList<string> RequiredColumns { get; }

    protected abstract FeedEntry ParseRow(long recordNumber, FlatFileRow row);

    public async IAsyncEnumerable<FeedEntry> ParseAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var text = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var lines = new TextLineReader(text, MaxLineLength);

        TextLine? header;
        do
        {
            header = await lines.ReadLineAsync(cancellationToken);
        }
        while (header is { IsBlank: true });

        if (header is not { } headerLine)
        {
            yield return new FeedEntry.Fatal(FeedErrorCodes.EmptyFeed, $"The file is empty; a {FeedType.Name()} file starts with a tab-separated header line.");
            yield break;
        }

        if (headerLine.IsTooLong)
        {
            yield return new FeedEntry.Fatal(FeedErrorCodes.LineTooLong, $"The first line is longer than {MaxLineLength} characters; this is not a tab-separated {FeedType.Name()} file.");
            yield break;
        }

        var (columns, fatal) = ReadHeader(headerLine.Text!);
        if (fatal is not null)
        {
            yield return fatal;
            yield break;
        }

        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            var recordNumber = line.Number - headerLine.Number;
            if (line.IsTooLong)
            {
                yield return new FeedEntry.RecordError(recordNumber, null, null, FeedErrorCodes.LineTooLong, $"The line is longer than {MaxLineLength} characters.");
            }
            else if (!line.IsBlank)
            {
                var row = new FlatFileRow(line.Text!.Split('\t'), columns!);
                yield return row.HasExtraFields
                    ? new FeedEntry.RecordError(recordNumber, RecordChecks.SafeId(row.Get("order-id")), null, FeedErrorCodes.TooManyFields,
                        $"The line has {row.FieldCount} tab-separated fields but the header has {columns!.FieldCount}.")
                    : ParseRow(recordNumber, row);
            }
        }
    }

    private (FlatFileHeader? Columns, FeedEntry.Fatal? Fatal) ReadHeader(string header)
    {
        var names = header.Split('\t').Select(FlatFileRow.Clean).ToArray();
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                continue;
            }

            if (!columns.TryAdd(names[i], i) && RequiredColumns.Contains(names[i], StringComparer.OrdinalIgnoreCase))
            {
                return (null, new FeedEntry.Fatal(FeedErrorCodes.DuplicateColumn, $"The header names column '{names[i]}' more than once."));
            }
        }

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length == 0)
        {
            return (new FlatFileHeader(columns, names.Length), null);
        }

        var found = names.Length == 1 && !header.Contains('\t', StringComparison.Ordinal)
            ? $"a line without tabs ('{Printable.Clip(header)}')"
            : "columns " + string.Join(", ", names.Take(10).Select(n => $"'{Printable.Clip(n, 40)}'")) + (names.Length > 10 ? ", …" : "");
        return (null, new FeedEntry.Fatal(
            FeedErrorCodes.MissingColumn,
            $"The header is missing the required column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; found {found}. " +
            $"A {FeedType.Name()} file starts with the tab-separated header '{string.Join("<TAB>", RequiredColumns)}'."));
    }
}

/// <param name="FieldCount">Tab-separated fields in the header line, named or not.</param>
internal sealed record FlatFileHeader(IReadOnlyDictionary<string, int> Columns, int FieldCount);

/// <summary>One data line split on tabs, with values looked up by column name.</summary>
internal sealed class FlatFileRow(string[] fields, FlatFileHeader header)
{
    public int FieldCount => fields.Length;

    /// <summary>Non-empty fields beyond the header's (empty trailing fields are forgiven).</summary>
    public bool HasExtraFields => fields.Skip(header.FieldCount).Any(f => !string.IsNullOrWhiteSpace(f));

    /// <summary>The trimmed value, or null when the field is empty or absent (a short line).</summary>
    public string? Get(string column)
    {
        if (!header.Columns.TryGetValue(column, out var index) || index >= fields.Length)
        {
            return null;
        }

        var value = Clean(fields[index]);
        return value.Length == 0 ? null : value;
    }

    /// <summary>Trims whitespace and one pair of surrounding double quotes (spreadsheet exports add them).</summary>
    internal static string Clean(string field)
    {
        var value = field.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        }

        return value;
    }
}
