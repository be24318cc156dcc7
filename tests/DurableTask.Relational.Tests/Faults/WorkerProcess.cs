using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DurableTask.Relational.Tests.Faults;

/// <summary>
/// One DurableTask.Relational.WorkerHost child process and the lines it printed. Signals are sent with kill(1):
/// SIGKILL (<see cref="KillAsync"/>), SIGSTOP/SIGCONT (<see cref="PauseAsync"/>, <see cref="ResumeAsync"/>) and
/// SIGTERM (<see cref="TerminateAsync"/>). Disposing kills whatever still runs (a paused process too).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(string workerId, Process process)
    {
        WorkerId = workerId;
        _process = process;
    }

    public string WorkerId { get; }

    public IEnumerable<string> Lines => _lines;

    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(FaultStore store, string workerId, TimeSpan lockTimeout, string? gateFile = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DurableTask.Relational.WorkerHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // closes when the test process goes away, and the child then exits
            UseShellExecute = false,
        };
        string[] args = ["exec", dll, store.Database, store.ConnectionString, workerId, lockTimeout.ToString("c", CultureInfo.InvariantCulture)];
        foreach (var arg in gateFile is null ? args : [.. args, gateFile])
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(workerId, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                worker._lines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                worker._lines.Enqueue($"stderr: {line}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public static bool IsActivity(string line) => line.StartsWith("ACTIVITY ", StringComparison.Ordinal);

    public int Count(Func<string, bool> match) => _lines.Count(match);

    /// <summary>Waits until <paramref name="count"/> lines match; fails at once if the child exits first.</summary>
    public async Task WaitForLinesAsync(Func<string, bool> match, int count, string what, TimeSpan? within = null)
    {
        await Observe.UntilAsync(
            () => Count(match) >= count || _process.HasExited,
            within ?? Observe.Generous,
            () => $"{WorkerId}: {Count(match)} of {count} {what}{Exited()}; its last lines:\n{Tail()}");
        if (Count(match) < count)
        {
            await _process.WaitForExitAsync(); // lets the redirected output drain, so its last words are shown
            throw new InvalidOperationException($"{WorkerId} exited before printing {count} {what}{Exited()}; its last lines:\n{Tail()}");
        }
    }

    public async Task KillAsync()
    {
        _process.Kill(); // SIGKILL on Unix
        await _process.WaitForExitAsync();
    }

    public Task PauseAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGTERM, then waits for the exit (the host stops the worker within its shutdown timeout).</summary>
    public async Task TerminateAsync()
    {
        await SignalAsync("TERM");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>The last lines other than activity progress, for a failure message.</summary>
    public string Tail(int count = 40) =>
        string.Join('\n', _lines.Where(l => !IsActivity(l)).TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // SIGKILL ends a paused (SIGSTOP) process too
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string Exited() => _process.HasExited ? $" (exited with code {_process.ExitCode})" : "";

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }
}
