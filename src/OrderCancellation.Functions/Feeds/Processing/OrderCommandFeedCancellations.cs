namespace OrderCancellation.Functions.Feeds.Processing;

/// <summary>Applies feed records through the orders area's command service (one durable step per record).</summary>
internal sealed class OrderCommandFeedCancellations : IFeedCancellations
{
    public Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The order command service has not landed yet.");
}
