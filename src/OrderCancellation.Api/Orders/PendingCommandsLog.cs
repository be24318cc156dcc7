namespace OrderCancellation.Api.Orders;

/// <summary>The log lines of commands answered 202 (7640–7649), with stable event ids.</summary>
internal static partial class PendingCommandsLog
{
    [LoggerMessage(EventId = 7640, Level = LogLevel.Information,
        Message = "Order {OrderId} completed without taking command {CommandId} (answered 202): judged against its final state")]
    public static partial void JudgedAtTheEdge(ILogger logger, string orderId, string commandId);

    [LoggerMessage(EventId = 7641, Level = LogLevel.Warning,
        Message = "Order {OrderId} completed and no longer remembers command {CommandId} (answered 202), which it may have taken: its outcome is unknown")]
    public static partial void OutcomeUnknown(ILogger logger, string orderId, string commandId);

    [LoggerMessage(EventId = 7642, Level = LogLevel.Error, Message = "Resolving commands answered 202 failed; next attempt in {Interval}")]
    public static partial void ScanFailed(ILogger logger, Exception exception, TimeSpan interval);
}
