using OrderCancellation.Api.Feeds.Processing;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>
/// Wraps the real <see cref="IFeedCancellations"/> and holds back the group holding record 1 for a while, so a
/// later batch that did not wait for it would write first.
/// </summary>
public sealed class SlowFirstRecordCancellations(IFeedCancellations inner, TimeSpan delay) : IFeedCancellations
{
    public async Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken) =>
        (await CancelAllAsync([cancel], cancellationToken))[0];

    public async Task<IReadOnlyList<FeedRecordOutcome>> CancelAllAsync(IReadOnlyList<FeedCancel> cancels, CancellationToken cancellationToken)
    {
        if (cancels.Any(c => c.Record.RecordNumber == 1))
        {
            await Task.Delay(delay, cancellationToken);
        }

        return await inner.CancelAllAsync(cancels, cancellationToken);
    }
}
