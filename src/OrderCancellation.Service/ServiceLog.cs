namespace OrderCancellation.Service;

/// <summary>The standalone host's own log lines (event ids 42xx).</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Read local settings from {Path}")]
    public static partial void LocalSettingsRead(ILogger logger, string path);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "No local.settings.json found (looked in {Folders}); using appsettings, environment variables and the command line")]
    public static partial void LocalSettingsNotFound(ILogger logger, string folders);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "local.settings.json is read in Development only; the environment is {Environment}")]
    public static partial void LocalSettingsIgnored(ILogger logger, string environment);
}
