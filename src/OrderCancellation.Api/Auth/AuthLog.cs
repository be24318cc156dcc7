namespace OrderCancellation.Api.Auth;

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "A validly signed token was refused: {Reason}.")]
    public static partial void TokenRefused(ILogger logger, string reason);
}
