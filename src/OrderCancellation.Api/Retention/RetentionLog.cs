namespace OrderCancellation.Api.Retention;

/// <summary>Retention's log lines (7620–7639), with stable event ids.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 7620, Level = LogLevel.Information, Message = "Retention purged {Rows} {Kind} rows older than {Cutoff:o} in {Batches} batches")]
    public static partial void Purged(ILogger logger, long rows, string kind, DateTimeOffset cutoff, int batches);

    [LoggerMessage(EventId = 7621, Level = LogLevel.Debug, Message = "Retention pass skipped: another instance is purging this database")]
    public static partial void NotOurTurn(ILogger logger);

    [LoggerMessage(EventId = 7622, Level = LogLevel.Error, Message = "Retention pass failed; next attempt in {Interval}")]
    public static partial void PassFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 7623, Level = LogLevel.Information, Message = "Retention purge is off (Retention:Enabled is false)")]
    public static partial void Off(ILogger logger);
}
