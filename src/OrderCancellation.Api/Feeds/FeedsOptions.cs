using OrderCancellation.Store.Storage;

namespace OrderCancellation.Api.Feeds;

/// <summary>Feed ingestion (DESIGN §7), bound from the <c>Feeds</c> section and validated at start.</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>The feed queue; its poison queue is this name + <c>-poison</c>. Default <c>order-cancellation-feeds</c>.</summary>
    public string QueueName { get; set; } = "order-cancellation-feeds";

    public string PoisonQueueName => QueueName + "-poison";

    /// <summary>Largest feed document accepted by <c>POST /api/feeds</c>; larger is 413. Default 10 MiB (10485760).</summary>
    public long MaxDocumentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>
    /// Bytes of feed documents one seller may submit in any 24 hours (a rolling day); a submission that would pass it is
    /// 429 <c>feed-quota-exceeded</c> with <c>Retry-After</c>. At least <see cref="MaxDocumentBytes"/>. Default 100 MiB (104857600).
    /// </summary>
    public long MaxBytesPerSellerPerDay { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Report rows (records with an error or a warning) kept per feed; the records past it are counted in the summary
    /// but not listed, and the report says how many it leaves out. Default 10000.
    /// </summary>
    public int MaxErrorRowsPerReport { get; set; } = 10_000;

    /// <summary>The window of <see cref="MaxBytesPerSellerPerDay"/>.</summary>
    public static TimeSpan QuotaWindow { get; } = TimeSpan.FromDays(1);

    internal bool LimitsAreValid() => MaxBytesPerSellerPerDay >= MaxDocumentBytes && MaxErrorRowsPerReport >= 1;

    /// <summary>Records applied between two checkpoints (one store transaction for the counters and report rows). Default 1000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Runtime batches (one transaction each, holding whole orders) applied at once within a batch (records of one
    /// order keep their order). Default: 2 on SQLite, whose single writer takes the batches one at a time (two keep
    /// one deciding while the other writes; more only add commits), 8 on PostgreSQL, where batches write in parallel.
    /// </summary>
    public int? RecordConcurrency { get; set; }

    /// <summary><see cref="RecordConcurrency"/>, or its default for the store.</summary>
    public int RecordConcurrencyFor(StoreProvider provider) => RecordConcurrency ?? (provider == StoreProvider.Sqlite ? 2 : 8);

    /// <summary>Run the in-process queue consumer. Default <c>true</c>; it stays off anyway under the Functions host, whose queue trigger delivers.</summary>
    public bool ConsumerEnabled { get; set; } = true;

    /// <summary>How long a received message stays hidden: it must cover processing one feed (a failed message
    /// reappears after it). Processing checkpoints, so a redelivery resumes. Default 00:10:00.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest idle sleep of the consumer; a local submission wakes it at once. Default 00:00:05.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages (feeds) processed at once by one consumer. Default 2.</summary>
    public int MaxConcurrentMessages { get; set; } = 2;

    /// <summary>Deliveries after which a failing message goes to the poison queue and its feed becomes FATAL. Default 5, as the Functions host.</summary>
    public int MaxDequeueCount { get; set; } = 5;
}
