namespace OrderCancellation.Api.Email;

/// <summary>E-mail's log lines (7301–7319), with stable event ids.</summary>
internal static partial class EmailLog
{
    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Notice {NotificationId} of order {OrderId} e-mailed to {Recipient} as {MessageId}")]
    public static partial void Sent(ILogger logger, string notificationId, string orderId, string recipient, string messageId);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Debug, Message = "Notice {NotificationId} was e-mailed by an earlier attempt as {MessageId}; not sent again")]
    public static partial void AlreadySent(ILogger logger, string notificationId, string messageId);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Warning, Message = "Notice {NotificationId} not e-mailed: no address for {Recipient} (Email:Contacts, Email:DefaultDomain)")]
    public static partial void NoAddress(ILogger logger, string notificationId, string recipient);

}
