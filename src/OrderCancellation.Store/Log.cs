using Microsoft.Extensions.Logging;

namespace OrderCancellation.Store;

/// <summary>Every log line of the store, with stable event ids (1xxx: schema, 6xxx: queue).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Applied schema script {Component}/{Script}")]
    public static partial void SchemaScriptApplied(ILogger logger, string component, string script);

    [LoggerMessage(1002, LogLevel.Information, "Schema of the {Provider} store is up to date")]
    public static partial void SchemaUpToDate(ILogger logger, string provider);

    [LoggerMessage(6001, LogLevel.Debug, "Queue message {MessageId} on {QueueName} was not deleted or extended: its pop receipt no longer holds")]
    public static partial void QueueStaleReceipt(ILogger logger, string messageId, string queueName);
}
