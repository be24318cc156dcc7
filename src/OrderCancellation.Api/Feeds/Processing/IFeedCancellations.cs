using OrderCancellation.Api.Feeds.Parsing;

namespace OrderCancellation.Api.Feeds.Processing;

/// <summary>One feed record to apply as a seller cancel of its order.</summary>
/// <param name="SellerId">The feed's seller: the actor of the cancel.</param>
public sealed record FeedCancel(string FeedId, string SellerId, FeedEntry.Record Record, DateTimeOffset Now)
{
    /// <summary><c>feedId:recordNumber</c>: a redelivered or resumed feed replays the first answer instead of cancelling again.</summary>
    public string IdempotencyKey => $"{FeedId}:{Record.RecordNumber}";
}

/// <summary>What became of one record: success (perhaps with a warning) or a refusal with its problem code.</summary>
public sealed record FeedRecordOutcome(bool Succeeded, string? Code = null, string? Message = null)
{
    public static FeedRecordOutcome Success { get; } = new(true);

    public static FeedRecordOutcome Failed(string code, string message) => new(false, code, message);

    public static FeedRecordOutcome SucceededWithWarning(string code, string message) => new(true, code, message);

    public bool IsWarning => Succeeded && Code is not null;
}

/// <summary>
/// The seam between feed processing and the orders area: applies one record as one durable step
/// (a seller cancel, <c>CancelSource.Feed</c>, idempotency key <see cref="FeedCancel.IdempotencyKey"/>).
/// Refusals are outcomes; an exception means the record could not be judged (store down) and the message is retried.
/// </summary>
public interface IFeedCancellations
{
    Task<FeedRecordOutcome> CancelAsync(FeedCancel cancel, CancellationToken cancellationToken);

    /// <summary>
    /// Applies several records, in list order, each exactly as <see cref="CancelAsync"/> would (one step each,
    /// judged against what the records before it left), committing them together where it can; the outcomes
    /// come in the same order. An exception may leave some records applied: their keys replay on the retry.
    /// </summary>
    Task<IReadOnlyList<FeedRecordOutcome>> CancelAllAsync(IReadOnlyList<FeedCancel> cancels, CancellationToken cancellationToken);
}
