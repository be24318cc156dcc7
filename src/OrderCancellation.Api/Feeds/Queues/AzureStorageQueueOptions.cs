using Azure.Core.Pipeline;

namespace OrderCancellation.Api.Feeds.Queues;

/// <summary>
/// How the Azure Storage queue client retries and times out, applied to the SDK's <c>QueueClientOptions.Retry</c>
/// (exponential mode: the SDK retries 408, 429, 500, 502, 503, 504 and network failures, each delay doubling the
/// previous one with jitter, at most one minute).
/// </summary>
public sealed class AzureStorageQueueOptions
{
    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry, doubled for each next one. Default 00:00:00.5.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit of one attempt (the SDK's network timeout). Default 00:00:30.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The HTTP transport the SDK sends through; null (the default) is the SDK's own shared <see cref="HttpClient"/>.
    /// Tests and tools give one, e.g. an <see cref="HttpClientTransport"/> over a handler that injects faults.
    /// </summary>
    public HttpPipelineTransport? Transport { get; set; }
}
