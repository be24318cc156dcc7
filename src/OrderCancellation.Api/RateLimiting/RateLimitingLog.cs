namespace OrderCancellation.Api.RateLimiting;

/// <summary>Abuse limits' log lines (7600–7619), with stable event ids.</summary>
internal static partial class RateLimitingLog
{
    // The caller's identity is left out on purpose: a flood would write one line per refused request, and the
    // partition key (role:sub or IP) is personal data in many jurisdictions. Debug keeps the volume off by default.
    [LoggerMessage(EventId = 7600, Level = LogLevel.Debug, Message = "{Method} {Path} refused: the caller is over its rate limit (Retry-After {Seconds} s)")]
    public static partial void Refused(ILogger logger, string method, string path, long seconds);

    [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "Feed of seller {SellerId} refused: {Bytes} bytes would pass the daily quota of {Quota} bytes")]
    public static partial void FeedQuotaExceeded(ILogger logger, string sellerId, long bytes, long quota);
}
