using OrderCancellation.Api.Feeds.Processing;

namespace OrderCancellation.Service.Tests.Feeds.Ingestion;

/// <summary>
/// Wraps the real <see cref="IFeedCancellations"/> and kills the delivery at a chosen point: the first call
/// for which <paramref name="crashNow"/> holds applies its records, then cancels <paramref name="crash"/> and
/// throws, as a process dying mid-batch would leave it. Deterministic where racing the processor with a
/// polling loop was not.
/// </summary>
public sealed class CrashingFeedCancellations(IFeedCancellations inner, CancellationTokenSource crash, Func<Task<bool>> crashNow) : IFeedCancellations
{
    public async Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken) =>
        (await CancelAllAsync([cancel], cancellationToken))[0];

    public async Task<IReadOnlyList<FeedRecordOutcome>> CancelAllAsync(IReadOnlyList<FeedCancel> cancels, CancellationToken cancellationToken)
    {
        var crashes = await crashNow();
        var outcomes = await inner.CancelAllAsync(cancels, cancellationToken);
        if (crashes)
        {
            await crash.CancelAsync();
            crash.Token.ThrowIfCancellationRequested();
        }

        return outcomes;
    }
}
