namespace OrderCancellation.Functions.CustomHandler;

/// <summary>Whether the Azure Functions host started this process as its custom handler.</summary>
public static class CustomHandlerHost
{
    /// <summary>The port the host tells its handler to listen on; set only by the host.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// True under the Functions host. The host's queue trigger then delivers the feed queue (with its
    /// own retries and poison queue), so an in-process consumer of that queue must stay off; the
    /// in-process timer/activity pollers may stay on (work is claimed with leases).
    /// </summary>
    public static bool IsActive(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[PortVariable]);
}
