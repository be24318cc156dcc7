using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;
using OrderCancellation.Api.Auth;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Http;
using OrderCancellation.Api.Orders;

namespace OrderCancellation.Api.Feeds.Processing;

/// <summary>
/// Applies a feed record through the orders area's <see cref="OrderCommands"/>: one durable step, a seller
/// cancel from a feed (the XSD's extra reasons allowed; reason codes in any case), keyed
/// <c>feedId:recordNumber</c>. The fingerprint is the record as written, so a replay after the order moved
/// on still matches and answers the first outcome. A record naming another seller's order fails with
/// <c>order-not-found</c>, code and message exactly as a missing order's (§7): the gateway refuses a stranger before
/// raising anything, and the lines of such an order are not even read here.
/// </summary>
internal sealed class OrderCommandFeedCancellations(OrderCommands commands, OrderReader reader) : IFeedCancellations
{
    public async Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken)
    {
        var request = await RequestAsync(cancel, cancellationToken);
        return ToOutcome(await commands.ExecuteAsync(request.OrderId, request.Command, request.IdempotencyKey, request.Fingerprint, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// One runtime batch per run of records; a record whose lines must be read from its order while an earlier
    /// record of that order waits in the batch first commits the batch, so it reads the order as it is then.
    /// </summary>
    public async Task<IReadOnlyList<FeedRecordOutcome>> CancelAllAsync(IReadOnlyList<FeedCancel> cancels, CancellationToken cancellationToken)
    {
        var outcomes = new List<FeedRecordOutcome>(cancels.Count);
        var pending = new List<OrderCommandRequest>(cancels.Count);
        var pendingOrders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cancel in cancels)
        {
            if (!cancel.Record.IsWholeOrder && cancel.Record.Lines.Any(l => l.Quantity is null) && pendingOrders.Contains(cancel.Record.OrderId))
            {
                await FlushAsync();
            }

            pending.Add(await RequestAsync(cancel, cancellationToken));
            pendingOrders.Add(cancel.Record.OrderId);
        }

        await FlushAsync();
        return outcomes;

        async Task FlushAsync()
        {
            if (pending.Count > 0)
            {
                outcomes.AddRange((await commands.ExecuteAllAsync(pending, cancellationToken)).Select(ToOutcome));
                pending.Clear();
                pendingOrders.Clear();
            }
        }
    }

    private async Task<OrderCommandRequest> RequestAsync(FeedCancel cancel, CancellationToken cancellationToken)
    {
        var record = cancel.Record;
        var seller = Actor.Seller(cancel.SellerId);
        var lines = record.IsWholeOrder ? null : await LinesAsync(record, seller, cancellationToken);
        var command = new OrderCommand.Cancel(
            seller, cancel.Now, record.Reason, lines, $"Feed {cancel.FeedId}, record {record.RecordNumber}", CancelSource.Feed);
        var fingerprint = IdempotencyKeys.Fingerprint(
            "feed-record", record.OrderId, record.Reason, string.Join(';', record.Lines.Select(l => $"{l.LineId}={l.Quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}")));
        return new OrderCommandRequest(record.OrderId, command, cancel.IdempotencyKey, fingerprint);
    }

    private static FeedRecordOutcome ToOutcome(OrderCommandResult result) => result switch
    {
        { Status: OrderCommandStatus.Pending } => throw new TimeoutException($"Command {result.CommandId} is not answered yet; the record is retried."),
        { Problem: { } problem } => FeedRecordOutcome.Failed(problem.Code, problem.Detail),
        { Outcome: Outcome.Canceled or Outcome.PartiallyCanceled or null } => FeedRecordOutcome.Success,
        { Outcome: { } other } => FeedRecordOutcome.SucceededWithWarning(
            $"outcome-{other}", $"The cancel was accepted as {other}, not carried out yet."),
    };

    /// <summary>
    /// A line without a quantity (the acknowledgement feed's item code) means its whole remaining quantity,
    /// read from the order now; the step judges it against the order as it is then. When nothing remains,
    /// the ordered quantity is asked for, so the domain answers why (shipped, or already canceled).
    /// </summary>
    private async Task<IReadOnlyList<LineQuantity>> LinesAsync(FeedEntry.Record record, Actor seller, CancellationToken cancellationToken)
    {
        StoredOrder? stored = null;
        if (record.Lines.Any(l => l.Quantity is null))
        {
            stored = await reader.GetAsync(record.OrderId, cancellationToken);
        }

        var order = stored is not null && OrderAccess.CanSee(seller, stored.Order) ? stored.Order : null; // another seller's is unknown here
        return [.. record.Lines.Select(l => new LineQuantity(l.LineId, l.Quantity ?? Remaining(order, l.LineId)))];
    }

    private static int Remaining(OrderState? order, string lineId) => order?.Lines.FirstOrDefault(l => l.LineId == lineId) switch
    {
        { QuantityCancelable: > 0 } line => line.QuantityCancelable,
        { } line => Math.Max(line.Quantity, 1),
        null => 1, // unknown order or line: the domain refuses it for that reason
    };
}
