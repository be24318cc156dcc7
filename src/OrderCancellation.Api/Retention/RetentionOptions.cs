namespace OrderCancellation.Api.Retention;

/// <summary>
/// How long the app keeps what it no longer needs, and how it purges (in batches, one short transaction each), bound
/// from the <c>Retention</c> section and validated at start. Every age is at least <see cref="MinimumAge"/>.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>The shortest age accepted: the feed quota's window, and far beyond any retry of an effect or a request.</summary>
    public static TimeSpan MinimumAge { get; } = TimeSpan.FromDays(1);

    /// <summary>Run the purge in the background. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Ended (DONE or FATAL) feeds, with their processing reports, after their end. Default 90.00:00:00.</summary>
    public TimeSpan Feeds { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// The documents of ended feeds, after the feed's end (nothing reads a document once its feed has ended); at most
    /// <see cref="Feeds"/>. Default 7.00:00:00.
    /// </summary>
    public TimeSpan FeedDocuments { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Notices (buyer e-mails, seller notices, ORDER_CHANGE events), except those of an order still open. Default 180.00:00:00.</summary>
    public TimeSpan Notices { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The record of which subscriptions an ORDER_CHANGE reached (it only dedupes the activity's retries). Default 30.00:00:00.</summary>
    public TimeSpan WebhookDeliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Payment and inventory calls (the ledger), except those of an order still open. Default 730.00:00:00 (two years).</summary>
    public TimeSpan LedgerEntries { get; set; } = TimeSpan.FromDays(730);

    /// <summary>
    /// Idempotency records (the first answer to a command sent with an <c>Idempotency-Key</c>, or read at its 202's
    /// <c>Location</c>) and the commands answered 202 that never settled. After this, a repeat of the key is a new request.
    /// Default 30.00:00:00.
    /// </summary>
    public TimeSpan IdempotencyRecords { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per statement and transaction. Default 1000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Time between two purges (the first one runs a minute after start, or sooner when this is shorter). Default 01:00:00.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    internal IEnumerable<string> Errors()
    {
        foreach (var (name, age) in Ages())
        {
            if (age < MinimumAge)
            {
                yield return $"Retention:{name} must be at least {MinimumAge}.";
            }
        }

        if (FeedDocuments > Feeds)
        {
            yield return "Retention:FeedDocuments must not be longer than Retention:Feeds (a feed is purged after its document).";
        }

        if (BatchSize is < 1 or > 100_000)
        {
            yield return "Retention:BatchSize must be between 1 and 100000.";
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            yield return "Retention:Interval must be between 00:00:01 and 1.00:00:00.";
        }
    }

    private IEnumerable<(string Name, TimeSpan Age)> Ages() =>
    [
        (nameof(Feeds), Feeds), (nameof(FeedDocuments), FeedDocuments), (nameof(Notices), Notices),
        (nameof(WebhookDeliveries), WebhookDeliveries), (nameof(LedgerEntries), LedgerEntries), (nameof(IdempotencyRecords), IdempotencyRecords),
    ];
}
