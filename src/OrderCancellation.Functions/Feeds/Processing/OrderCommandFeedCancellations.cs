using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Functions.Feeds.Parsing;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Orders;

namespace OrderCancellation.Functions.Feeds.Processing;

/// <summary>
/// Applies a feed record through the orders area's <see cref="OrderCommands"/>: one durable step, a seller
/// cancel from a feed (the XSD's extra reasons allowed; reason codes in any case), keyed
/// <c>feedId:recordNumber</c>. The fingerprint is the record as written, so a replay after the order moved
/// on still matches and answers the first outcome.
/// </summary>
internal sealed class OrderCommandFeedCancellations(OrderCommands commands, OrderReader reader) : IFeedCancellations
{
    public async Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken)
    {
        var record = cancel.Record;
        var lines = record.IsWholeOrder ? null : await LinesAsync(record, cancellationToken);
        var command = new OrderCommand.Cancel(
            Actor.Seller(cancel.SellerId), cancel.Now, record.Reason, lines, $"Feed {cancel.FeedId}, record {record.RecordNumber}", CancelSource.Feed);
        var fingerprint = IdempotencyKeys.Fingerprint(
            "feed-record", record.OrderId, record.Reason, string.Join(';', record.Lines.Select(l => $"{l.LineId}={l.Quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}")));
        var result = await commands.ExecuteAsync(record.OrderId, command, cancel.IdempotencyKey, fingerprint, cancellationToken: cancellationToken);
        return result switch
        {
            { Problem: { } problem } => FeedRecordOutcome.Failed(problem.Code, problem.Detail),
            { Outcome: Outcome.Canceled or Outcome.PartiallyCanceled or null } => FeedRecordOutcome.Success,
            { Outcome: { } other } => FeedRecordOutcome.SucceededWithWarning(
                $"outcome-{other}", $"The cancel was accepted as {other}, not carried out yet."),
        };
    }

    /// <summary>
    /// A line without a quantity (the acknowledgement feed's item code) means its whole remaining quantity,
    /// read from the order now; the step judges it against the order as it is then. When nothing remains,
    /// the ordered quantity is asked for, so the domain answers why (shipped, or already canceled).
    /// </summary>
    private async Task<IReadOnlyList<LineQuantity>> LinesAsync(FeedEntry.Record record, CancellationToken cancellationToken)
    {
        StoredOrder? stored = null;
        if (record.Lines.Any(l => l.Quantity is null))
        {
            stored = await reader.GetAsync(record.OrderId, cancellationToken);
        }

        return [.. record.Lines.Select(l => new LineQuantity(l.LineId, l.Quantity ?? Remaining(stored?.Order, l.LineId)))];
    }

    private static int Remaining(OrderState? order, string lineId) => order?.Lines.FirstOrDefault(l => l.LineId == lineId) switch
    {
        { QuantityCancelable: > 0 } line => line.QuantityCancelable,
        { } line => Math.Max(line.Quantity, 1),
        null => 1, // unknown order or line: the domain refuses it for that reason
    };
}
