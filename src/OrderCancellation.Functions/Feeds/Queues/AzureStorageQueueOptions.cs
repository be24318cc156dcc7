namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>How the Azure Storage queue client retries transient failures (5xx, 408, timeouts, connection errors).</summary>
public sealed class AzureStorageQueueOptions
{
    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry, doubled for each next one, plus up to 50 % jitter. Default 00:00:00.5.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit of one attempt. Default 00:00:30.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
