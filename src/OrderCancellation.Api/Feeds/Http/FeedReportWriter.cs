using System.Text;
using System.Text.Json;
using OrderCancellation.Api.Feeds.Store;

namespace OrderCancellation.Api.Feeds.Http;

/// <summary>
/// The processing report, streamed: Amazon's flat-file layout (summary lines, a blank line, then
/// <c>original-record-number, order-id, order-item-id, error-code, error-type, error-message</c> per failed
/// or warned record) or JSON. A FATAL feed has a row numbered 0 with error-type <c>Fatal</c>. A report cut at
/// <see cref="FeedsOptions.MaxErrorRowsPerReport"/> rows says how many records it leaves out (TSV: a summary line;
/// JSON: <c>reportTruncated</c> and <c>recordsNotListed</c>).
/// </summary>
internal static class FeedReportWriter
{
    public const string TsvContentType = "text/tab-separated-values; charset=utf-8";

    public static readonly string[] Columns = ["original-record-number", "order-id", "order-item-id", "error-code", "error-type", "error-message"];

    public static async Task WriteTsvAsync(FeedRow feed, IAsyncEnumerable<FeedReportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        var s = feed.Summary;
        await writer.WriteLineAsync("Feed Processing Summary:");
        await writer.WriteLineAsync($"\tNumber of records processed\t\t{s.MessagesProcessed}");
        await writer.WriteLineAsync($"\tNumber of records successful\t\t{s.MessagesSuccessful}");
        await writer.WriteLineAsync($"\tNumber of records with error\t\t{s.MessagesWithError}");
        await writer.WriteLineAsync($"\tNumber of records with warning\t\t{s.MessagesWithWarning}");
        if (feed.ReportRowsOmitted > 0)
        {
            await writer.WriteLineAsync($"\tReport truncated: records with error or warning not listed\t\t{feed.ReportRowsOmitted}");
        }
        await writer.WriteLineAsync();
        await writer.WriteLineAsync(string.Join('\t', Columns));
        if (Fatal(feed) is { } fatal)
        {
            await writer.WriteLineAsync(Line(fatal));
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Line(row));
        }
    }

    public static async Task WriteJsonAsync(FeedRow feed, IAsyncEnumerable<FeedReportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("feedId", feed.FeedId);
        json.WriteString("feedType", feed.FeedType);
        json.WriteString("processingStatus", feed.Status.ToString());
        json.WriteStartObject("summary");
        json.WriteNumber("messagesProcessed", feed.Summary.MessagesProcessed);
        json.WriteNumber("messagesSuccessful", feed.Summary.MessagesSuccessful);
        json.WriteNumber("messagesWithError", feed.Summary.MessagesWithError);
        json.WriteNumber("messagesWithWarning", feed.Summary.MessagesWithWarning);
        json.WriteEndObject();
        json.WriteBoolean("reportTruncated", feed.ReportRowsOmitted > 0);
        if (feed.ReportRowsOmitted > 0)
        {
            json.WriteNumber("recordsNotListed", feed.ReportRowsOmitted);
        }

        if (feed.FatalReason is not null)
        {
            json.WriteString("fatalReason", FeedView.From(feed).FatalReason);
        }

        json.WriteStartArray("errors");
        if (Fatal(feed) is { } fatal)
        {
            Write(json, fatal);
        }

        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            Write(json, row);
            if (++count % 500 == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static FeedReportRow? Fatal(FeedRow feed) =>
        feed.Status == FeedStatus.FATAL && feed.FatalReason is not null
            ? new FeedReportRow(0, 0, null, null, feed.FatalCode ?? "fatal", FeedReportTypes.Fatal, feed.FatalReason)
            : null;

    private static void Write(Utf8JsonWriter json, FeedReportRow row)
    {
        json.WriteStartObject();
        json.WriteNumber("originalRecordNumber", row.RecordNumber);
        if (row.OrderId is not null)
        {
            json.WriteString("orderId", row.OrderId);
        }

        if (row.LineId is not null)
        {
            json.WriteString("orderItemId", row.LineId);
        }

        json.WriteString("errorCode", row.ErrorCode);
        json.WriteString("errorType", row.ErrorType);
        json.WriteString("errorMessage", row.Message);
        json.WriteEndObject();
    }

    private static string Line(FeedReportRow row) => string.Join('\t',
        row.RecordNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Cell(row.OrderId), Cell(row.LineId), Cell(row.ErrorCode), row.ErrorType, Cell(row.Message));

    /// <summary>Tabs and line breaks would break the layout; they become spaces.</summary>
    private static string Cell(string? value) =>
        value is null ? string.Empty : value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
