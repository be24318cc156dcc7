using Microsoft.Extensions.Options;
using OrderCancellation.Functions.Feeds.Parsing;
using OrderCancellation.Functions.Feeds.Store;

namespace OrderCancellation.Functions.Feeds.Processing;

/// <summary>
/// Processes one stored feed: <c>IN_PROGRESS</c>, stream-parse the document, apply the records in batches
/// (each a seller cancel with key <c>feedId:recordNumber</c>), and after each batch add its counts and
/// report rows and move the checkpoint in one transaction. A resumed run skips the entries before the
/// checkpoint and replays (never re-applies) the steps of the unfinished batch; a run that finds the
/// checkpoint moved by another stops. <c>DONE</c> is written once; a fatal entry makes the feed <c>FATAL</c>.
/// Exceptions (store down) leave the feed <c>IN_PROGRESS</c> for the message's next delivery.
/// </summary>
public sealed class FeedProcessor(FeedStore store, FeedBatchApplier applier, IOptions<FeedsOptions> options, TimeProvider time, ILogger<FeedProcessor> logger)
{
    public async Task ProcessAsync(string feedId, CancellationToken cancellationToken)
    {
        var feed = await store.StartAsync(feedId, time.GetUtcNow(), cancellationToken);
        if (feed is null)
        {
            FeedsLog.FeedMissing(logger, feedId);
            return;
        }

        if (feed.Status is FeedStatus.DONE or FeedStatus.FATAL)
        {
            FeedsLog.FeedAlreadyEnded(logger, feedId, feed.Status.ToString());
            return;
        }

        if (feed.Checkpoint > 0)
        {
            FeedsLog.FeedResumed(logger, feedId, feed.Checkpoint);
        }

        var batchSize = options.Value.BatchSize;
        var checkpoint = feed.Checkpoint;
        var batch = new List<(long Entry, FeedEntry Value)>(batchSize);
        var entry = 0L;
        await using var document = store.OpenDocument(feed);
        await foreach (var value in FeedParsers.ParseAsync(feed.FeedType, document, cancellationToken).WithCancellation(cancellationToken))
        {
            if (value is FeedEntry.Fatal fatal)
            {
                if (await FlushAsync(batch) is null)
                {
                    return;
                }

                await store.FailAsync(feedId, fatal.ErrorCode, fatal.Reason, time.GetUtcNow(), cancellationToken);
                FeedsLog.FeedFatal(logger, feedId, fatal.ErrorCode, fatal.Reason);
                return;
            }

            entry++;
            if (entry <= checkpoint)
            {
                continue;
            }

            batch.Add((entry, value));
            if (batch.Count >= batchSize && await FlushAsync(batch) is null)
            {
                return;
            }
        }

        if (await FlushAsync(batch) is null)
        {
            return;
        }

        if (await store.FinishAsync(feedId, checkpoint, time.GetUtcNow(), cancellationToken))
        {
            var done = await store.GetAsync(feedId, cancellationToken);
            FeedsLog.FeedEnded(logger, feedId, nameof(FeedStatus.DONE), done!.Summary.MessagesProcessed, done.Summary.MessagesWithError, done.Summary.MessagesWithWarning);
        }

        // Applies and counts the batch; null when another run owns the feed now (stop quietly).
        async Task<long?> FlushAsync(List<(long Entry, FeedEntry Value)> pending)
        {
            if (pending.Count == 0)
            {
                return checkpoint;
            }

            var result = await applier.ApplyAsync(feed, checkpoint, pending, cancellationToken);
            if (!await store.CommitBatchAsync(feedId, result, cancellationToken))
            {
                FeedsLog.FeedRunSuperseded(logger, feedId, checkpoint);
                return null;
            }

            checkpoint = result.ToCheckpoint;
            pending.Clear();
            return checkpoint;
        }
    }
}
