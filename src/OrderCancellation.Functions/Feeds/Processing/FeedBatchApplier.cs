using Microsoft.Extensions.Options;
using OrderCancellation.Functions.Feeds.Parsing;
using OrderCancellation.Functions.Feeds.Store;

namespace OrderCancellation.Functions.Feeds.Processing;

/// <summary>
/// Applies one batch of entries: malformed records become report rows, records become seller cancels.
/// Records of different orders run concurrently (up to <see cref="FeedsOptions.RecordConcurrency"/>);
/// records of one order run in document order, each judged against what the previous one left.
/// </summary>
public sealed class FeedBatchApplier(IFeedCancellations cancellations, IOptions<FeedsOptions> options, TimeProvider time)
{
    public async Task<FeedBatchResult> ApplyAsync(FeedRow feed, long fromCheckpoint, IReadOnlyList<(long Entry, FeedEntry Value)> entries, CancellationToken cancellationToken)
    {
        var outcomes = new FeedRecordOutcome[entries.Count];
        var byOrder = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            switch (entries[i].Value)
            {
                case FeedEntry.RecordError error:
                    outcomes[i] = FeedRecordOutcome.Failed(error.ErrorCode, error.Message);
                    break;
                case FeedEntry.Record record:
                    if (!byOrder.TryGetValue(record.OrderId, out var indexes))
                    {
                        byOrder[record.OrderId] = indexes = [];
                    }

                    indexes.Add(i);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected feed entry {entries[i].Value.GetType().Name} in a batch.");
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.RecordConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byOrder.Values, parallel, async (indexes, token) =>
        {
            foreach (var i in indexes)
            {
                var record = (FeedEntry.Record)entries[i].Value;
                outcomes[i] = await cancellations.CancelAsync(new FeedCancel(feed.FeedId, feed.SellerId, record, time.GetUtcNow()), token);
            }
        });

        return Summarize(fromCheckpoint, entries, outcomes);
    }

    private static FeedBatchResult Summarize(long fromCheckpoint, IReadOnlyList<(long Entry, FeedEntry Value)> entries, FeedRecordOutcome[] outcomes)
    {
        long successful = 0, errors = 0, warnings = 0;
        var rows = new List<FeedReportRow>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, value) = entries[i];
            var outcome = outcomes[i];
            if (outcome.Succeeded)
            {
                successful++;
            }
            else
            {
                errors++;
            }

            if (outcome.IsWarning)
            {
                warnings++;
            }

            if (outcome.Code is not null)
            {
                var (orderId, lineId) = value switch
                {
                    FeedEntry.Record r => (r.OrderId, r.Lines.Count == 0 ? null : string.Join(',', r.Lines.Select(l => l.LineId))),
                    FeedEntry.RecordError e => (e.OrderId, e.LineId),
                    _ => (null, null),
                };
                rows.Add(new FeedReportRow(entry, value.RecordNumber, orderId, lineId, outcome.Code,
                    outcome.Succeeded ? FeedReportTypes.Warning : FeedReportTypes.Error, outcome.Message ?? outcome.Code));
            }
        }

        return new FeedBatchResult(fromCheckpoint, entries[^1].Entry, new FeedSummary(entries.Count, successful, errors, warnings), rows);
    }
}
