using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DurableTask.Relational.Tests.Conformance.Support;

/// <summary>
/// Writes warnings and errors of the host, the worker and the backend into the test's output, so a failed
/// scenario shows what the runtime complained about next to the assertion.
/// </summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $"\n{exception}")}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended (xunit refuses output after it); a background loop logged during shutdown.
            }
        }
    }
}
