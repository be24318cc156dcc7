using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OrderCancellation.Service.Tests.Container;

/// <summary>What a finished command said: its exit code and its output (stdout then stderr).</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command (docker, bash) to its end or its deadline; a command that cannot start or outlives its deadline is a result, not an exception.</summary>
public static class ProcessRunner
{
    public const int NotStarted = -1;
    public const int TimedOut = -2;

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan within)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ProcessResult(NotStarted, $"{fileName} could not be started: {ex.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ProcessResult(TimedOut, $"{fileName} did not finish within {within}.\n{Text(output)}{Text(errors)}");
        }

        process.WaitForExit(); // the asynchronous readers have delivered their last lines
        return new ProcessResult(process.ExitCode, Text(output) + Text(errors));
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
