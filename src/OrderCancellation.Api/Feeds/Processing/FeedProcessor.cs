using Microsoft.Extensions.Options;
using OrderCancellation.Api.Feeds.Parsing;
using OrderCancellation.Api.Feeds.Store;
using OrderCancellation.Api.Telemetry;

namespace OrderCancellation.Api.Feeds.Processing;

/// <summary>
/// Processes one stored feed: <c>IN_PROGRESS</c>, stream-parse the document, apply the records in batches
/// (each a seller cancel with key <c>feedId:recordNumber</c>), and after each batch add its counts and
/// report rows and move the checkpoint in one transaction. A resumed run skips the entries before the
/// checkpoint and replays (never re-applies) the steps of the unfinished batch; a run that finds the
/// checkpoint moved by another stops. <c>DONE</c> is written once; a fatal entry makes the feed <c>FATAL</c>.
/// The report keeps at most <see cref="FeedsOptions.MaxErrorRowsPerReport"/> rows; the rest are counted, not listed.
/// Exceptions (store down) leave the feed <c>IN_PROGRESS</c> for the message's next delivery.
/// <para>Two batches overlap: the next one is read and decided while the one before it is still writing, so
/// the store's writer and the cores that decide are busy at once. A batch naming an order of the batch still
/// in flight waits for it first (an order's records apply in document order), and checkpoints are committed
/// in batch order, so a crash still resumes from the last committed batch.</para>
/// </summary>
public sealed class FeedProcessor(
    FeedStore store, FeedBatchApplier applier, IOptions<FeedsOptions> options, TimeProvider time, ILogger<FeedProcessor> logger, FeedsTelemetry telemetry)
{
    public async Task ProcessAsync(string feedId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
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

        var reportRows = await store.CountReportRowsAsync(feedId, cancellationToken);
        var run = new Run(feed, store, applier, new ReportCap(options.Value.MaxErrorRowsPerReport, reportRows), logger, cancellationToken);
        try
        {
            if (!await ApplyDocumentAsync(run, feed, options.Value.BatchSize, cancellationToken))
            {
                return;
            }
        }
        finally
        {
            await run.AbandonAsync();
        }

        if (await store.FinishAsync(feedId, run.Checkpoint, time.GetUtcNow(), cancellationToken))
        {
            var done = await store.GetAsync(feedId, cancellationToken);
            FeedsLog.FeedEnded(logger, feedId, nameof(FeedStatus.DONE), done!.Summary.MessagesProcessed, done.Summary.MessagesWithError, done.Summary.MessagesWithWarning);
            telemetry.FeedEnded(done.Summary.MessagesProcessed, done.Summary.MessagesWithError, done.Summary.MessagesWithWarning, time.GetElapsedTime(started));
        }
    }

    /// <summary>Applies every entry after the checkpoint; false when the run stops early (fatal entry, or superseded).</summary>
    private async Task<bool> ApplyDocumentAsync(Run run, FeedRow feed, int batchSize, CancellationToken cancellationToken)
    {
        var batch = new List<(long Entry, FeedEntry Value)>(batchSize);
        var entry = 0L;
        await using var document = store.OpenDocument(feed);
        await foreach (var value in FeedParsers.ParseAsync(feed.FeedType, document, cancellationToken).WithCancellation(cancellationToken))
        {
            if (value is FeedEntry.Fatal fatal)
            {
                if (!await run.StartAsync(batch) || !await run.CompleteAsync())
                {
                    return false;
                }

                await store.FailAsync(feed.FeedId, fatal.ErrorCode, fatal.Reason, time.GetUtcNow(), cancellationToken);
                FeedsLog.FeedFatal(logger, feed.FeedId, fatal.ErrorCode, fatal.Reason);
                return false;
            }

            entry++;
            if (entry <= feed.Checkpoint)
            {
                continue;
            }

            // A full batch is cut where an order's run of records ends (up to twice the size), so the next batch
            // rarely has to wait for an order still in flight.
            if (batch.Count >= batchSize && (batch.Count >= 2 * batchSize || OrderOf(value) is not { } order || order != OrderOf(batch[^1].Value)))
            {
                if (!await run.StartAsync(batch))
                {
                    return false;
                }

                batch = new List<(long Entry, FeedEntry Value)>(batchSize);
            }

            batch.Add((entry, value));
        }

        return await run.StartAsync(batch) && await run.CompleteAsync();
    }

    private static string? OrderOf(FeedEntry entry) => (entry as FeedEntry.Record)?.OrderId;

    /// <summary>
    /// The report's room: at most <paramref name="max"/> rows per feed, counted across runs (<paramref name="stored"/> at
    /// the start of this one). Batches commit one at a time and in order, so the count stays exact.
    /// </summary>
    private sealed class ReportCap(int max, long stored)
    {
        public FeedBatchResult Trim(FeedBatchResult batch)
        {
            var room = (int)Math.Clamp(max - stored, 0, batch.Rows.Count);
            return room == batch.Rows.Count ? batch : batch with { Rows = [.. batch.Rows.Take(room)], RowsOmitted = batch.Rows.Count - room };
        }

        public void Committed(FeedBatchResult batch) => stored += batch.Rows.Count;
    }

    /// <summary>One run's batches: at most one applying in the background while the next is read and started.</summary>
    private sealed class Run(FeedRow feed, FeedStore store, FeedBatchApplier applier, ReportCap reportCap, ILogger logger, CancellationToken cancellationToken)
    {
        private (Task<FeedBatchResult> Applying, HashSet<string> Orders)? _inFlight;
        private long _started = feed.Checkpoint;

        /// <summary>The last committed checkpoint.</summary>
        public long Checkpoint { get; private set; } = feed.Checkpoint;

        /// <summary>Starts applying <paramref name="batch"/>, then commits the batch that was in flight; false when another run owns the feed now.</summary>
        public async Task<bool> StartAsync(List<(long Entry, FeedEntry Value)> batch)
        {
            if (batch.Count == 0)
            {
                return true;
            }

            var orders = batch.Select(e => e.Value).OfType<FeedEntry.Record>().Select(r => r.OrderId).ToHashSet(StringComparer.Ordinal);
            if (_inFlight is { } running && running.Orders.Overlaps(orders) && !await CompleteAsync())
            {
                return false; // an order of this batch is still being written: let it finish first
            }

            var previous = _inFlight;
            _inFlight = (applier.ApplyAsync(feed, _started, batch, cancellationToken), orders);
            _started = batch[^1].Entry;
            return previous is not { } before || await CommitAsync(before.Applying);
        }

        /// <summary>Waits for the batch in flight and commits it; false when superseded.</summary>
        public async Task<bool> CompleteAsync()
        {
            if (_inFlight is not { } running)
            {
                return true;
            }

            _inFlight = null;
            return await CommitAsync(running.Applying);
        }

        /// <summary>Commits an applied batch's counts, report rows and checkpoint in one transaction; false when superseded.</summary>
        private async Task<bool> CommitAsync(Task<FeedBatchResult> applying)
        {
            var result = reportCap.Trim(await applying);
            if (!await store.CommitBatchAsync(feed.FeedId, result, cancellationToken))
            {
                FeedsLog.FeedRunSuperseded(logger, feed.FeedId, Checkpoint);
                return false;
            }

            reportCap.Committed(result);
            Checkpoint = result.ToCheckpoint;
            return true;
        }

        /// <summary>When the run stops early, waits for a batch still applying (its steps are replayed by whoever resumes).</summary>
        public async Task AbandonAsync()
        {
            if (_inFlight is { } running)
            {
                _inFlight = null;
                try
                {
                    await running.Applying;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The run is already failing or stopping for another reason; the resumed run replays this batch.
                }
            }
        }
    }
}
