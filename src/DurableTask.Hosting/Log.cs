using Microsoft.Extensions.Logging;

namespace DurableTask.Hosting;

/// <summary>The project's log messages; event ids 9100-9199.</summary>
internal static partial class Log
{
    [LoggerMessage(9100, LogLevel.Information, "Durable Task worker '{Worker}' started on {Service}.")]
    public static partial void WorkerStarted(ILogger logger, string worker, string service);

    [LoggerMessage(9101, LogLevel.Information, "Durable Task worker '{Worker}' stopped.")]
    public static partial void WorkerStopped(ILogger logger, string worker);

    [LoggerMessage(9102, LogLevel.Warning, "Durable Task worker '{Worker}' did not stop within {Timeout}; forcing the orchestration service to stop and abandoning running work items.")]
    public static partial void ShutdownTimedOut(ILogger logger, string worker, TimeSpan timeout);

    [LoggerMessage(9103, LogLevel.Warning, "The abandoned graceful stop of Durable Task worker '{Worker}' failed.")]
    public static partial void GracefulStopFailed(ILogger logger, string worker, Exception exception);

    [LoggerMessage(9104, LogLevel.Error, "No orchestrator named '{Name}' is registered with the worker.")]
    public static partial void OrchestratorNotFound(ILogger logger, string name);

    [LoggerMessage(9105, LogLevel.Error, "No activity named '{Name}' is registered with the worker.")]
    public static partial void ActivityNotFound(ILogger logger, string name);
}
